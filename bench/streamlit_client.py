"""A small client of Streamlit's own websocket protocol, enough to drive the app as a browser tab does.

A browser tab keeps one websocket on /_stcore/stream. It asks for a run with a BackMsg `rerun_script`
(the URL's query string, the page's script hash and the values of the widgets the user touched) and the
server answers with ForwardMsgs: `new_session` at the start of each run, a `delta` per element drawn,
`page_info_changed` when the script writes the query string, `navigation` with the pages, and finally
`script_finished`. A run ended by `st.rerun()` finishes "early for rerun" and the next run follows by
itself; a page is done when a run finishes successfully.

Only what the load test needs is here: sign in through the login form, switch pages, set a few widgets by
their key, upload a file (HTTP PUT to the URL the server hands out, as the browser does), and read back
the text of every element of a run (markdown, metrics, alerts, table cells) to check what a user saw.
Every wait has a timeout, so a stuck server fails a run instead of hanging the benchmark.
"""

from __future__ import annotations

import asyncio
import io
import time
import urllib.request
import uuid
from dataclasses import dataclass, field

import pyarrow.ipc
from google.protobuf.message import Message
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_WITH_COMPILE_ERROR}
XSRF_COOKIE = "_streamlit_xsrf"
ARROW_MESSAGES = {"ArrowData", "PandasStyler"}


class ProtocolError(Exception):
    """The server closed the socket, answered late, or the page lacked what the client needed."""


@dataclass
class Widget:
    id: str
    kind: str  # the element type: text_input, button, file_uploader, ...
    label: str
    proto: Message


@dataclass
class Run:
    """What one page run (from rerun_script to its successful script_finished) showed."""

    seconds: float
    texts: list[str] = field(default_factory=list)
    widgets: dict[str, Widget] = field(default_factory=dict)  # by widget id
    exceptions: list[str] = field(default_factory=list)  # st.exception elements: tracebacks shown to the user
    compile_error: bool = False

    def widget(self, kind: str, *, key: str | None = None, label: str | None = None) -> Widget:
        """The widget of that element type whose id ends with -KEY (Streamlit's id format) or whose label is LABEL."""
        for widget in self.widgets.values():
            if widget.kind == kind and ((key and widget.id.endswith(f"-{key}")) or (label and widget.label == label)):
                return widget
        raise ProtocolError(f"no {kind} with key={key!r} label={label!r} on the page")

    def contains(self, text: str) -> bool:
        return any(text in shown for shown in self.texts)


def _strings(message: Message, out: list[str]) -> None:
    """Every string field of a protobuf message, recursively; Arrow tables are decoded to their cells."""
    for descriptor, value in message.ListFields():
        values = value if descriptor.is_repeated else [value]
        if descriptor.type == descriptor.TYPE_MESSAGE:
            for item in values:
                if isinstance(item, Message):
                    _strings(item, out)
        elif descriptor.type == descriptor.TYPE_STRING:
            out.extend(values)
        elif descriptor.type == descriptor.TYPE_BYTES and message.DESCRIPTOR.name in ARROW_MESSAGES:
            out.extend(_arrow_cells(value))  # a table's data, and a styled table's display values


def _arrow_cells(data: bytes) -> list[str]:
    if not data:
        return []
    table = pyarrow.ipc.open_stream(io.BytesIO(data)).read_all()
    return [str(cell) for column in table.columns for cell in column.to_pylist() if cell is not None]


def xsrf_cookie(base: str, timeout: float) -> str:
    """The XSRF cookie value the server hands out (on its health check), sent back as the browser does."""
    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=timeout) as response:
        for header in response.headers.get_all("set-cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == XSRF_COOKIE:
                return rest.split(";", 1)[0]
    raise ProtocolError("the server set no XSRF cookie")


class Session:
    """One browser tab: one websocket, the query string the app last wrote, the pages it offers."""

    def __init__(self, base: str, timeout: float = 30.0):
        self.base, self.timeout = base.rstrip("/"), timeout
        self.query_string = ""
        self.pages: dict[str, str] = {}  # page name (as shown) -> script hash
        self.url_paths: dict[str, str] = {}  # script hash -> url path
        self.page_hash = ""
        self.session_id = ""
        self.kept: dict[str, WidgetState] = {}  # widget values sent with every run, as the browser resends them
        self._socket = None
        self._token = ""

    async def open(self) -> None:
        self._token = await asyncio.to_thread(xsrf_cookie, self.base, self.timeout)
        host = self.base.split("://", 1)[1]
        self._socket = await asyncio.wait_for(
            connect(
                f"ws://{host}/_stcore/stream",
                subprotocols=["streamlit", self._token],
                max_size=None,
                additional_headers={"Cookie": f"{XSRF_COOKIE}={self._token}", "Origin": self.base},
                open_timeout=self.timeout,
            ),
            self.timeout,
        )

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def run(self, page_hash: str | None = None, widgets: list[WidgetState] = (), keep: bool = False) -> Run:
        """Ask for a run of the page (default: the current one) and wait until it has finished successfully.

        `widgets` are the values the user just set or the buttons pressed; with `keep` they are sent again
        with every later run (a browser resends every widget's value: an uploaded file must stay uploaded
        for the preview and confirm clicks). The clock runs from sending the request to the last run's
        script_finished, so a run that ends with st.rerun() counts together with the run it triggers, as
        the user waits for both."""
        if keep:
            self.kept.update({state.id: state for state in widgets})
            widgets = []
        if page_hash is not None:
            self.page_hash = page_hash
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash
        state.page_name = self.url_paths.get(self.page_hash, "")
        state.widget_states.widgets.extend([*self.kept.values(), *widgets])
        started = time.perf_counter()
        await self._socket.send(back.SerializeToString())
        return await self._until_finished(started)

    async def _until_finished(self, started: float) -> Run:
        run = Run(0.0)
        deadline = started + self.timeout
        while True:
            message = await self._receive(deadline)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                run = Run(0.0)  # a new run replaces what the previous (rerun) one drew
                self.session_id = message.new_session.initialize.session_id or self.session_id
                self.page_hash = message.new_session.page_script_hash or self.page_hash
            elif kind == "navigation":
                self.pages = {page.page_name: page.page_script_hash for page in message.navigation.app_pages}
                self.url_paths = {page.page_script_hash: page.url_pathname for page in message.navigation.app_pages}
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "delta":
                self._read_delta(message.delta, run)
            elif kind == "script_finished":
                if message.script_finished in DONE:
                    run.compile_error = message.script_finished == FINISHED.FINISHED_WITH_COMPILE_ERROR
                    run.seconds = time.perf_counter() - started
                    return run

    async def _receive(self, deadline: float) -> ForwardMsg:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise ProtocolError(f"no script_finished within {self.timeout:.0f} s")
        try:
            raw = await asyncio.wait_for(self._socket.recv(), left)
        except TimeoutError:
            raise ProtocolError(f"no script_finished within {self.timeout:.0f} s") from None
        except Exception as error:  # the websocket closed
            raise ProtocolError(f"connection lost: {error}") from None
        message = ForwardMsg()
        message.ParseFromString(raw)
        return message

    @staticmethod
    def _read_delta(delta, run: Run) -> None:
        if delta.WhichOneof("type") not in ("new_element", "add_block"):
            return
        element = getattr(delta, delta.WhichOneof("type"))
        kind = element.WhichOneof("type")
        if kind is None:
            return
        body = getattr(element, kind)
        texts: list[str] = []
        _strings(body, texts)
        run.texts.extend(texts)
        if kind == "exception":
            run.exceptions.append(f"{body.type}: {body.message}")
        widget_id = getattr(body, "id", "") if hasattr(body, "id") else ""
        if isinstance(widget_id, str) and widget_id.startswith("$$ID-"):
            run.widgets[widget_id] = Widget(widget_id, kind, getattr(body, "label", ""), body)

    async def upload(self, widget: Widget, name: str, content: bytes) -> WidgetState:
        """Upload a file as the browser's file_uploader does; the returned state is the widget's new value.

        The server names the upload URL (file_urls_request → file_urls_response), the file goes there by
        HTTP PUT with the XSRF header, and the widget's value lists the uploaded file."""
        request_id = uuid.uuid4().hex
        back = BackMsg()
        back.file_urls_request.request_id = request_id
        back.file_urls_request.session_id = self.session_id
        back.file_urls_request.file_names.append(name)
        await self._socket.send(back.SerializeToString())
        deadline = time.perf_counter() + self.timeout
        while True:
            message = await self._receive(deadline)
            if (
                message.WhichOneof("type") == "file_urls_response"
                and message.file_urls_response.response_id == request_id
            ):
                break
        if message.file_urls_response.error_msg:
            raise ProtocolError(f"upload refused: {message.file_urls_response.error_msg}")
        urls = message.file_urls_response.file_urls[0]
        await asyncio.to_thread(self._put, urls.upload_url, name, content)
        state = WidgetState(id=widget.id)
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name, info.size = urls.file_id, name, len(content)
        info.file_urls.CopyFrom(urls)
        return state

    def _put(self, upload_url: str, name: str, content: bytes) -> None:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        url = upload_url if upload_url.startswith("http") else self.base + upload_url
        request = urllib.request.Request(
            url,
            data=body,
            method="PUT",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self._token,
                "Cookie": f"{XSRF_COOKIE}={self._token}",
                "Origin": self.base,
            },
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            if response.status not in (200, 204):
                raise ProtocolError(f"upload answered HTTP {response.status}")


def text_value(widget: Widget, value: str) -> WidgetState:
    return WidgetState(id=widget.id, string_value=value)


def press(widget: Widget) -> WidgetState:
    return WidgetState(id=widget.id, trigger_value=True)
