"""A real SMTP server on this machine for the tests (aiosmtpd), on a port the OS gives: it keeps every message it
accepts, or refuses them all with a 5xx like a server that says no. With a certificate made by openssl, the same
server speaks STARTTLS or TLS from the start, and takes a login."""

from __future__ import annotations

import email
import email.policy
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"


@dataclass
class Inbox:
    """The handler: every accepted message, with the envelope's recipients. `refuse` set: every DATA refused."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse: str | None = None

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        if self.refuse:
            return self.refuse
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for recipients, message in self.messages if address in recipients]


class _OsPortController(Controller):
    """Controller bound to port 0: the OS picks a free port, read back before the controller's own first
    connection (aiosmtpd connects to self.port to start the protocol)."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@dataclass
class Running:
    inbox: Inbox
    port: int
    controller: Controller

    def stop(self) -> None:
        self.controller.stop()


@contextmanager
def smtp_server(inbox: Inbox | None = None, **options) -> Iterator[Running]:
    """A server on HOST:<port from the OS> until the block ends (or stop()). `options` go to aiosmtpd's
    Controller/SMTP: tls_context + require_starttls, ssl_context, authenticator..."""
    inbox = inbox or Inbox()
    controller = _OsPortController(inbox, hostname=HOST, port=0, **options)
    controller.start()
    running = Running(inbox, controller.port, controller)
    try:
        yield running
    finally:
        if controller._thread is not None:  # not stopped by the test itself
            controller.stop()


def openssl_missing() -> str | None:
    return None if shutil.which("openssl") else "openssl is not installed (needed to make a test certificate)"


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (cert, key), valid one day; the client trusts it as its CA."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def client_context(cert: Path) -> ssl.SSLContext:
    """Checks the server's certificate and host name, as the default context does, against the test's own CA."""
    return ssl.create_default_context(cafile=str(cert))


def authenticator(user: str, password: str):
    """aiosmtpd authenticator accepting one user and password (LOGIN or PLAIN)."""

    def check(server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            user.encode(),
            password.encode(),
        )
        return AuthResult(success=ok, handled=False)

    return check
