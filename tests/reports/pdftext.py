"""A small text extractor for the PDFs fpdf2 writes (pypdf and poppler are not installed here).

It reads what a PDF viewer's copy-paste reads: each font's ToUnicode map, then the 2-byte glyph codes
of the `(...) Tj` strings in the page content streams. Enough for fpdf2's output, not for PDFs at large.
"""

from __future__ import annotations

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
LENGTH = re.compile(rb"/Length (\d+)")
SHOW = re.compile(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(number): body for number, body in OBJECT.findall(data)}


def _stream(body: bytes) -> bytes:
    match = STREAM.search(body)
    if not match:
        return b""
    raw = match.group(1)
    # The dictionary's /Length says where the data ends: compressed data may itself end in a carriage return,
    # which the pattern's optional \r before `endstream` would otherwise take away (a truncated stream).
    length = LENGTH.search(body[: match.start()])
    if length:
        raw = body[match.start(1) : match.start(1) + int(length.group(1))]
    return zlib.decompress(raw) if b"/FlateDecode" in body else raw


def _cmap(text: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for code, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(uni, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _unescape(literal: bytes) -> bytes:
    out, index = bytearray(), 0
    while index < len(literal):
        byte = literal[index : index + 1]
        if byte == b"\\":
            following = literal[index + 1 : index + 2]
            if following.isdigit():
                octal = re.match(rb"[0-7]{1,3}", literal[index + 1 :]).group(0)
                out += bytes([int(octal, 8)])
                index += 1 + len(octal)
                continue
            out += ESCAPES.get(following, following)
            index += 2
            continue
        out += byte
        index += 1
    return bytes(out)


def extract_text(data: bytes) -> str:
    """Every shown string of the document, one per line, in content order."""
    objects = _objects(data)
    fonts = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", data):
        font = objects.get(int(number), b"")
        descendant = re.search(rb"/ToUnicode (\d+) 0 R", font)
        if descendant:
            fonts[name.decode()] = _cmap(_stream(objects[int(descendant.group(1))]))
    lines = []
    for body in objects.values():
        content = _stream(body) if b"stream" in body else b""
        current = None
        for font, literal in SHOW.findall(content):
            if font:
                current = fonts.get(font.decode(), {})
                continue
            raw = _unescape(literal)
            codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
            lines.append("".join((current or {}).get(code, "?") for code in codes))
    return "\n".join(lines)
