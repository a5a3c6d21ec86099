"""Load test: N concurrent sessions against a real `streamlit run`, while a ledger import commits.

    python bench/load_sessions.py --sessions 10 25 50 --duration 60

For each N: a database is built from the embedded seed in a temporary folder, `streamlit run dashboard.py`
starts on it (localhost, a free port, headless), and N sessions speak Streamlit's own websocket protocol
(bench/streamlit_client.py) as N browser tabs would. The sessions start at random moments within --ramp
seconds; session i signs in as nav, reader, leader, nho, admin, nav, ... in turn (so each role has N/5),
then walks its role's pages one after another from a random one, pausing a random think time (--think
± 50 %) between page views, for --duration seconds. One more admin session imports a small CSV ledger through the Data
page (upload, preview, confirm) a third of the way in. Then the server is stopped and the database read.

Measured: page time = from the rerun request to the run's script_finished (what a user waits for, in the
server's queue included), over the page views that started after every session had signed in; sign-in
separately; the import's steps separately; the server's and this client's CPU time.

Checked, for every page view: no traceback, no "something went wrong" or "not allowed" message, no timeout
or lost connection (errors); the sidebar names the session's own user and no other (a session never sees
another's run); a partner never sees another partner's figures nor the project's totals (computed here with
plain SQL from the database before the run, plus the import file's own sum); every Overview of MW Inc seen
by admin, leader and reader shows the total spent either before or after the import, never another figure,
and once the import has committed, a view started later never shows the old total; afterwards the
database holds exactly the old total plus the file's sum. Exit status 1 when any check fails.

Every wait is bounded (per page view --page-timeout, per N the whole run) and the server is killed in a
finally block, so the tool cannot hang.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from streamlit_client import ProtocolError, Run, Session, press, text_value  # noqa: E402

from monitor import config
from monitor.access import users
from monitor.i18n import t  # noqa: E402
from monitor.setup import seed

PROJECT = "mwinc"
LANG = "nb"  # the app's default language, as a first visit sees it
PASSWORD = users.DEMO_PASSWORD
# Session i signs in as ROLES[i % 5]: with two sessions already a partner and a reader (both checks run).
ROLES = ("nav", "reader", "leader", "nho", "admin")
GOAL_P95 = 1.5  # seconds, at 50 sessions (issue 13, case 15)

# The import: three lines for the project owner, dated inside the period and before the as-of date, one a
# credit note. Their sum, by hand: 12 345.67 + 2 000.00 - 345.00 = 14 000.67.
IMPORT_PARTNER = "usn"
IMPORT_LINES = (
    ("LT1", dt.date(2025, 6, 2), "5000", "Lastprøve lønn", Decimal("12345.67")),
    ("LT2", dt.date(2025, 6, 3), "6790", "Lastprøve tjeneste", Decimal("2000.00")),
    ("LT3", dt.date(2025, 6, 4), "7140", "Lastprøve reise, kreditnota", Decimal("-345.00")),
)


# --- what the sessions must see, computed from the database with plain SQL -------------------------------


def kroner(amount: Decimal, decimals: int = 2) -> str:
    """An amount as the nb interface writes it (no-break spaces, decimal comma): 14 498 396,54 kr."""
    rounded = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return f"{text}\u00a0kr"


def import_file() -> bytes:
    """The ledger file the import session uploads (CSV as a Norwegian accounting system writes it)."""
    rows = ["Bilagsnr;Dato;Konto;Tekst;Beløp;Partner"]
    for voucher, day, account, text, amount in IMPORT_LINES:
        rows.append(f"{voucher};{day:%d.%m.%Y};{account};{text};{str(amount).replace('.', ',')};{IMPORT_PARTNER}")
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


@dataclass(frozen=True)
class Expected:
    as_of: dt.date
    total_before: Decimal  # spent on the project up to as_of: ledger + approved in-kind
    total_after: Decimal
    partner_before: dict[str, Decimal]  # each partner's own spend: its ledger lines + its approved in-kind
    partner_after: dict[str, Decimal]

    @property
    def totals(self) -> dict[str, str]:
        return {"before": kroner(self.total_before), "after": kroner(self.total_after)}

    def foreign_figures(self, partner_id: str) -> set[str]:
        """What a partner must never see: every other partner's figure (whole kroner, as the pages show
        them, before and after the import) and the project's totals."""
        shown = {
            kroner(amounts[other], 0)
            for amounts in (self.partner_before, self.partner_after)
            for other in amounts
            if other != partner_id and amounts[other]
        }
        return shown | set(self.totals.values())


def expected(db_path: Path, today: dt.date) -> Expected:
    """Read before the server starts (DuckDB admits one process): the figures before, and after = before plus
    the import file's own sum."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        end = con.execute("select end_date from project where project_id = ?", [PROJECT]).fetchone()[0]
        as_of = min(today, end)  # the app's default: today, or the end date once the project has ended
        rows = con.execute(
            """
            select p.partner_id,
                   (select coalesce(sum(amount), 0) from ledger_entry l
                     where l.project_id = p.project_id and l.partner_id = p.partner_id and l.posting_date <= $as_of),
                   (select coalesce(sum(amount), 0) from inkind_contribution i
                     where i.project_id = p.project_id and i.partner_id = p.partner_id and i.status = 'approved'
                       and i.work_date <= $as_of)
              from partner p where p.project_id = $project""",
            {"as_of": as_of, "project": PROJECT},
        ).fetchall()
        before = {partner: ledger + inkind for partner, ledger, inkind in rows}
        total = con.execute(
            """
            select (select coalesce(sum(amount), 0) from ledger_entry where project_id = $project and posting_date <= $as_of)
                 + (select coalesce(sum(amount), 0) from inkind_contribution
                     where project_id = $project and status = 'approved' and work_date <= $as_of)""",
            {"as_of": as_of, "project": PROJECT},
        ).fetchone()[0]
    finally:
        con.close()
    added = sum((amount for _, day, _, _, amount in IMPORT_LINES if day <= as_of), Decimal(0))
    after = {**before, IMPORT_PARTNER: before[IMPORT_PARTNER] + added}
    return Expected(as_of, total, total + added, before, after)


def spent_in_database(db_path: Path, as_of: dt.date) -> Decimal:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(
            """
            select (select coalesce(sum(amount), 0) from ledger_entry where project_id = $project and posting_date <= $as_of)
                 + (select coalesce(sum(amount), 0) from inkind_contribution
                     where project_id = $project and status = 'approved' and work_date <= $as_of)""",
            {"as_of": as_of, "project": PROJECT},
        ).fetchone()[0]
    finally:
        con.close()


# --- checking one page view ----------------------------------------------------------------------------


def signed_in_caption(username: str) -> str:
    user = users.DEMO_USERS[username]
    return t("login.signed_in_as", LANG, name=user.name, role=t(f"role_name.{user.role}", LANG))


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)  # "error: ...", "leak: ...", "total: ..."
    total_seen: str | None = None  # "before" or "after" on an Overview with the project's total


def check_run(username: str, run: Run, on_overview: bool, exp: Expected) -> Verdict:
    verdict = Verdict()
    problems = verdict.problems
    for shown in run.exceptions:
        problems.append(f"error: traceback shown: {shown[:200]}")
    if run.compile_error:
        problems.append("error: the script did not compile")
    for key in ("app.error", "login.denied"):
        if run.contains(t(key, LANG)):
            problems.append(f"error: the page says {t(key, LANG)!r}")
    if not run.contains(signed_in_caption(username)):
        problems.append("error: the sidebar does not name the session's own user (signed out?)")
    for other in users.DEMO_USERS:
        if other != username and run.contains(signed_in_caption(other)):
            problems.append(f"leak: the sidebar names {other}")
    user = users.DEMO_USERS[username]
    if user.role == "partner":
        for figure in sorted(exp.foreign_figures(user.partner_id)):
            if run.contains(figure):
                problems.append(f"leak: partner {user.partner_id} sees {figure!r}")
    elif on_overview:
        seen = [name for name, text in exp.totals.items() if run.contains(text)]
        if len(seen) == 1:
            verdict.total_seen = seen[0]
        else:
            problems.append(f"total: the Overview shows {seen or 'neither'} of {exp.totals}")
    return verdict


# --- the sessions ----------------------------------------------------------------------------------------


@dataclass
class PageView:
    session: int
    user: str
    page: str
    started: float  # seconds since the run's start
    seconds: float
    problems: list[str]
    total_seen: str | None = None


@dataclass
class Timeline:
    start: float
    ramp: float
    duration: float
    import_at: float
    signed_in: list[float] = field(default_factory=list)  # seconds each sign-in took
    last_sign_in: float = 0.0  # when the last session had signed in
    views: list[PageView] = field(default_factory=list)
    session_errors: list[str] = field(default_factory=list)
    import_steps: dict[str, float] = field(default_factory=dict)
    import_committed: float | None = None  # when the confirm run finished
    import_problems: list[str] = field(default_factory=list)

    def now(self) -> float:
        return time.perf_counter() - self.start


async def sign_in(session: Session, username: str) -> Run:
    """The login form's fields and button, as a user fills them; the run after ends on the Overview."""
    form = await session.run()
    login = [
        text_value(form.widget("text_input", label=t("login.username", LANG)), username),
        text_value(form.widget("text_input", label=t("login.password", LANG)), PASSWORD),
        press(form.widget("button", label=t("login.submit", LANG))),
    ]
    signed = await session.run(widgets=login)
    if not signed.contains(signed_in_caption(username)):
        raise ProtocolError(f"{username} could not sign in")
    signed.seconds += form.seconds
    return signed


async def page_session(
    number: int, username: str, base: str, exp: Expected, line: Timeline, think: float, timeout: float
) -> None:
    """One tab: wait its turn in the ramp, sign in, then walk the role's pages until the end."""
    rng = random.Random(number)
    await asyncio.sleep(line.ramp * rng.random())
    session = Session(base, timeout)
    try:
        await session.open()
        started = line.now()
        signed = await sign_in(session, username)
        line.signed_in.append(signed.seconds)
        line.last_sign_in = max(line.last_sign_in, line.now())
        verdict = check_run(username, signed, True, exp)  # a sign-in lands on the Overview: checked too
        line.views.append(
            PageView(number, username, "sign-in", started, signed.seconds, verdict.problems, verdict.total_seen)
        )
        default = next(iter(session.pages.values()))  # the navigation lists the default page (Overview) first
        pages = list(session.pages.items())
        position = rng.randrange(len(pages))
        end = line.ramp + line.duration
        while line.now() < end:
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            if line.now() >= end:
                break
            name, page_hash = pages[position % len(pages)]
            position += 1
            started = line.now()
            run = await session.run(page_hash)
            verdict = check_run(username, run, page_hash == default, exp)
            line.views.append(
                PageView(number, username, name, started, run.seconds, verdict.problems, verdict.total_seen)
            )
    except ProtocolError as error:
        line.session_errors.append(f"session {number} ({username}): {error}")
    finally:
        await session.close()


async def import_session(base: str, content: bytes, exp: Expected, line: Timeline, timeout: float) -> None:
    """The finance officer: signs in as admin, opens the Data page, and at import_at uploads the file,
    previews it and confirms it, as the page's buttons do."""
    session = Session(base, timeout)
    try:
        await session.open()
        await sign_in(session, "admin")
        page = await session.run(session.pages[t("nav.data", LANG)])
        await asyncio.sleep(max(0.0, line.import_at - line.now()))
        started = time.perf_counter()
        uploaded = await session.upload(page.widget("file_uploader", key="import_file"), "lastprove.csv", content)
        shown = await session.run(widgets=[uploaded], keep=True)
        line.import_steps["upload"] = time.perf_counter() - started
        preview = await session.run(widgets=[press(shown.widget("button", key="import_preview"))])
        line.import_steps["preview"] = preview.seconds
        if not preview.contains(t("import.ready", LANG)):
            raise ProtocolError("the preview did not say the file is ready to import")
        line.import_steps["confirm_started"] = line.now()
        done = await session.run(widgets=[press(preview.widget("button", key="import_confirm"))])
        line.import_committed = line.now()
        line.import_steps["confirm"] = done.seconds
        added = exp.total_after - exp.total_before
        wanted = t("import.done", LANG, batch=1, lines=len(IMPORT_LINES), amount=kroner(added)).split(":", 1)[1]
        if not done.contains(wanted.strip()):
            raise ProtocolError(f"the confirm did not report {wanted.strip()!r}")
    except ProtocolError as error:
        line.import_problems.append(f"import: {error}")
    finally:
        await session.close()


async def drive(base: str, count: int, options: Options, exp: Expected) -> Timeline:
    line = Timeline(time.perf_counter(), options.ramp, options.duration, options.ramp + options.duration / 3)
    tasks = [
        page_session(number, ROLES[number % len(ROLES)], base, exp, line, options.think, options.page_timeout)
        for number in range(count)
    ]
    tasks.append(import_session(base, import_file(), exp, line, options.page_timeout))
    budget = options.ramp + options.duration + 2 * options.page_timeout + 30
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), budget)
    except TimeoutError:
        line.session_errors.append(f"the run did not end within {budget:.0f} s")
    return line


# --- the server ------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db_path: Path, folder: Path, streamlit_options: tuple[str, ...] = ()) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "MONITOR_DB": str(db_path), "MONITOR_CONFIG": str(ROOT / "config.yaml")}
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [
            streamlit,
            "run",
            str(ROOT / "dashboard.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
            *(
                part
                for option in streamlit_options
                for part in (f"--{option.partition('=')[0]}", option.partition("=")[2])
            ),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}"


def wait_healthy(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{base} did not answer its health check within {timeout:.0f} s")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc: the server is another process)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for text in Path(f"/proc/{pid}/status").read_text().splitlines():
        if text.startswith("VmHWM:"):
            return int(text.split()[1]) / 1024
    return 0.0


# --- one N, and the report -------------------------------------------------------------------------------


@dataclass
class Options:
    duration: float = 60.0
    think: float = 5.0
    ramp: float = 10.0
    page_timeout: float = 30.0
    streamlit_options: tuple[str, ...] = ()  # KEY=VALUE, passed to `streamlit run` as --KEY VALUE


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (no interpolation): the value below which `share` of the values lie."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))] if ordered else float("nan")


def summary(
    count: int,
    line: Timeline,
    exp: Expected,
    spent_after: Decimal,
    server_cpu: float,
    client_cpu: float,
    server_rss: float,
    load: tuple[float, float],
) -> dict:
    steady = [view for view in line.views if view.started >= line.last_sign_in]
    times = [view.seconds for view in steady]
    problems = [
        (kind, f"{view.user} on {view.page}: {detail}")
        for view in line.views
        for kind, detail in (problem.split(": ", 1) for problem in view.problems)
    ]
    committed = line.import_committed
    problems += [
        ("total", f"{view.user} on {view.page}: started after the import committed, shows the old total")
        for view in line.views
        if committed is not None and view.started > committed and view.total_seen == "before"
    ]
    if committed is None:
        problems.append(("error", "the import never committed"))
    if spent_after != exp.total_after:
        problems.append(("total", f"database: spent after the run is {spent_after}, expected {exp.total_after}"))
    problems += [("error", text) for text in line.session_errors + line.import_problems]
    by_page: dict[str, list[float]] = {}
    for view in steady:
        by_page.setdefault(view.page, []).append(view.seconds)
    seen = [view.total_seen for view in line.views if view.total_seen]
    confirm_started = line.import_steps.get("confirm_started")
    return {
        "sessions": count,
        "views": len(line.views),
        "steady_views": len(steady),
        "p50": statistics.median(times) if times else float("nan"),
        "p95": percentile(times, 0.95),
        "max": max(times, default=float("nan")),
        "signed_in": len(line.signed_in),
        "sign_in_p50": statistics.median(line.signed_in) if line.signed_in else float("nan"),
        "sign_in_p95": percentile(line.signed_in, 0.95),
        "errors": sum(kind == "error" for kind, _ in problems),
        "leaks": sum(kind == "leak" for kind, _ in problems),
        "totals_wrong": sum(kind == "total" for kind, _ in problems),
        "totals_before": seen.count("before"),
        "totals_after": seen.count("after"),
        "import": {step: round(value, 3) for step, value in line.import_steps.items()},
        "views_during_commit": sum(
            1
            for view in line.views
            if committed is not None
            and confirm_started is not None
            and view.started < committed
            and view.started + view.seconds > confirm_started
        ),
        "spent_before": str(exp.total_before),
        "spent_after": str(spent_after),
        "expected_after": str(exp.total_after),
        "server_cpu_s": round(server_cpu, 1),
        "client_cpu_s": round(client_cpu, 1),
        # every view and sign-in is a script run (a sign-in two, and the import three): CPU per run, roughly
        "server_cpu_per_view_ms": round(1000 * server_cpu / max(1, len(line.views) + len(line.signed_in) + 3)),
        "server_peak_rss_mb": round(server_rss),
        "load_before": load[0],
        "load_after": load[1],
        "pages": {
            page: {"views": len(values), "p50": statistics.median(values), "p95": percentile(values, 0.95)}
            for page, values in sorted(by_page.items())
        },
        "problems": [f"{kind}: {text}" for kind, text in problems[:50]],
        "problem_count": len(problems),
    }


def run_load(count: int, options: Options, today: dt.date | None = None) -> dict:
    """Build a database, start the server, drive `count` sessions and the import, stop, check. Never hangs."""
    with tempfile.TemporaryDirectory(prefix="load-sessions-") as name:
        folder = Path(name)
        db_path = folder / "monitor.duckdb"
        seed.build_database(db_path, ROOT / "data" / "seed", config.load(ROOT / "config.yaml", env={}))
        exp = expected(db_path, today or dt.date.today())
        load_before = os.getloadavg()[0]
        process, base = start_server(db_path, folder, options.streamlit_options)
        try:
            wait_healthy(base, process)
            server_cpu = cpu_seconds(process.pid)
            client_cpu = time.process_time()
            line = asyncio.run(drive(base, count, options, exp))
            server_cpu = cpu_seconds(process.pid) - server_cpu
            client_cpu = time.process_time() - client_cpu
            server_rss = peak_rss_mb(process.pid)
        except Exception:
            sys.stderr.write((folder / "server.log").read_text(errors="replace")[-3000:])
            raise
        finally:
            stop_server(process)
        spent_after = spent_in_database(db_path, exp.as_of)
        return summary(
            count, line, exp, spent_after, server_cpu, client_cpu, server_rss, (load_before, os.getloadavg()[0])
        )


def report(results: list[dict], options: Options) -> str:
    lines = [
        f"think {options.think:g} s (±50 %), ramp {options.ramp:g} s, {options.duration:g} s per N; "
        f"{os.cpu_count()} cores; page times over the views after the last sign-in"
        + "".join(f"; streamlit --{option}" for option in options.streamlit_options),
        "",
        "| sessions | page views | p50 | p95 | max | errors | leaks | totals before / after / wrong "
        "| sign-in p50 / p95 | import preview / confirm | server CPU (per run) | client CPU | load 1 min before → after |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | ---: | --- |",
    ]
    for r in results:
        steps = r["import"]
        lines.append(
            f"| {r['sessions']} | {r['steady_views']} | {r['p50']:.2f} s | {r['p95']:.2f} s | {r['max']:.2f} s "
            f"| {r['errors']} | {r['leaks']} | {r['totals_before']} / {r['totals_after']} / {r['totals_wrong']} "
            f"| {r['sign_in_p50']:.2f} / {r['sign_in_p95']:.2f} s "
            f"| {steps.get('preview', float('nan')):.2f} / {steps.get('confirm', float('nan')):.2f} s "
            f"| {r['server_cpu_s']:.1f} s ({r['server_cpu_per_view_ms']} ms) | {r['client_cpu_s']:.1f} s | {r['load_before']:.1f} → {r['load_after']:.1f} |"
        )
    largest = max(results, key=lambda r: r["sessions"])
    lines += [
        "",
        f"Per page at {largest['sessions']} sessions:",
        "",
        "| page | views | p50 | p95 |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {page} | {f['views']} | {f['p50']:.2f} s | {f['p95']:.2f} s |" for page, f in largest["pages"].items()
    ]
    for r in results:
        if r["problem_count"]:
            lines += ["", f"Problems at {r['sessions']} sessions ({r['problem_count']}, first 50):"]
            lines += [f"- {problem}" for problem in r["problems"]]
    at_50 = [r for r in results if r["sessions"] >= 50]
    if at_50:
        r = at_50[0]
        met = r["p95"] <= GOAL_P95 and not r["problem_count"]
        lines += [
            "",
            f"Goal (50 sessions, p95 ≤ {GOAL_P95} s, no error, no leak, totals before or after): "
            f"{'met' if met else 'missed'} (p95 {r['p95']:.2f} s, {r['problem_count']} problem(s))",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 25, 50], help="N, one run each")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of page views per N, after the ramp")
    parser.add_argument("--think", type=float, default=5.0, help="mean pause between a session's page views (s)")
    parser.add_argument("--ramp", type=float, default=10.0, help="sessions start at random moments within this (s)")
    parser.add_argument("--page-timeout", type=float, default=30.0, help="longest wait for one page view (s)")
    parser.add_argument(
        "--streamlit-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Streamlit setting for the server, e.g. runner.postScriptGC=false (to try a fix)",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    args = parser.parse_args(argv)
    options = Options(args.duration, args.think, args.ramp, args.page_timeout, tuple(args.streamlit_option))
    results = []
    for count in args.sessions:
        print(f"{count} sessions ...", file=sys.stderr, flush=True)
        results.append(run_load(count, options))
    print(report(results, options))
    if args.json:
        args.json.write_text(json.dumps({"options": asdict(options), "results": results}, indent=2))
    return 1 if any(r["problem_count"] for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
