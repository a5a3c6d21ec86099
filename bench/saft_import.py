"""Benchmark: SAF-T import throughput and peak memory against the floor and a naive peer.

    python bench/saft_import.py [--mb 400] [--small-mb 100] [--peer-mb 40] [--workdir /tmp/saft-bench]

Generates SAF-T 1.30 files (bench/saft_generate.py), then runs each measurement in a fresh process
(so peak RSS is its own):
  floor   lxml iterparse alone over the same file, counting <Line>s, elements freed as it goes
  import  the real import (stream, map, stage, preview, backup, one transaction) into a seeded database
  peer    pandas.read_xml of every <Line> (builds the whole tree; run on a smaller file)
Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

NS = "urn:StandardAuditFile-Taxation-Financial:NO"


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec; ru_maxrss would carry the parent's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_floor(path: Path) -> dict:
    """Count <Line>s with lxml iterparse, freeing each transaction once read (constant memory)."""
    from lxml import etree

    line_tag, transaction_tag = f"{{{NS}}}Line", f"{{{NS}}}Transaction"
    lines = 0
    for _, elem in etree.iterparse(str(path), events=("end",), tag=(line_tag, transaction_tag)):
        if elem.tag == line_tag:
            lines += 1
            continue
        elem.clear()
        previous = elem.getprevious()
        while previous is not None and previous.tag == transaction_tag:
            elem.getparent().remove(previous)
            previous = elem.getprevious()
    return {"lines": lines}


def measure_import(path: Path, db_path: Path) -> dict:
    from monitor import config, db
    from monitor.ledger_import import ImportRequest, commit, limit_memory, prepare

    settings = config.load(ROOT / "config.yaml", env={})
    con = db.connect(db_path)
    limit_memory(con)  # as the CLI does
    request = ImportRequest(path=path, project_id="mwinc", partner_id="usn", user="bench")
    preview = prepare(con, request, settings)
    result = commit(con, preview, request, settings, db_path=db_path)
    con.close()
    return {"lines": preview.rows_read, "inserted": result.rows_inserted, "total": str(result.amount_total)}


def measure_peer(path: Path) -> dict:
    import pandas as pd

    frame = pd.read_xml(path, xpath="//n:Line", namespaces={"n": NS}, parser="lxml")
    return {"lines": len(frame)}


def child(mode: str, path: str, db_path: str | None) -> None:
    # Load the libraries first: their import time is a fixed start-up cost, not throughput.
    if mode == "import":
        import monitor.ledger_import  # noqa: F401
    elif mode == "peer":
        import pandas  # noqa: F401
    started = time.perf_counter()
    if mode == "floor":
        out = measure_floor(Path(path))
    elif mode == "import":
        out = measure_import(Path(path), Path(db_path))
    else:
        out = measure_peer(Path(path))
    out.update(seconds=time.perf_counter() - started, peak_rss_mb=peak_rss_mb())
    print(json.dumps(out))


def run(mode: str, path: Path, db_path: Path | None = None) -> dict:
    args = [sys.executable, __file__, "--child", mode, str(path)] + ([str(db_path)] if db_path else [])
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["mb"] = path.stat().st_size / 1024 / 1024
    result["mb_per_s"] = result["mb"] / result["seconds"]
    return result


def fresh_database(template: Path, workdir: Path, name: str) -> Path:
    target = workdir / f"{name}.duckdb"
    target.unlink(missing_ok=True)
    shutil.rmtree(workdir / "backups", ignore_errors=True)
    shutil.copyfile(template, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=400)
    parser.add_argument("--small-mb", type=float, default=100)
    parser.add_argument("--peer-mb", type=float, default=40)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/saft-bench"))
    args = parser.parse_args()

    from saft_generate import generate

    from monitor import config, seed

    args.workdir.mkdir(parents=True, exist_ok=True)
    template = args.workdir / "template.duckdb"
    template.unlink(missing_ok=True)
    seed.build_database(template, ROOT / "data" / "seed", config.load(ROOT / "config.yaml", env={}))
    rows = []
    for mb in (args.small_mb, args.mb):
        path = args.workdir / f"saft-{mb:.0f}mb.xml"
        generate(path, mb)
        rows.append(("floor (lxml iterparse, count lines)", run("floor", path)))
        rows.append(("import (this project)", run("import", path, fresh_database(template, args.workdir, "bench"))))
        path.unlink()
    peer_path = args.workdir / f"saft-{args.peer_mb:.0f}mb.xml"
    generate(peer_path, args.peer_mb)
    rows.append(("floor (lxml iterparse, count lines)", run("floor", peer_path)))
    rows.append(("import (this project)", run("import", peer_path, fresh_database(template, args.workdir, "bench"))))
    rows.append(("peer (pandas.read_xml of //Line)", run("peer", peer_path)))
    peer_path.unlink()
    print("| what | file MB | lines | seconds | MB/s | peak RSS MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, r in rows:
        print(f"| {name} | {r['mb']:.0f} | {r['lines']:,} | {r['seconds']:.1f} | {r['mb_per_s']:.1f} | "
              f"{r['peak_rss_mb']:.0f} |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        main()
