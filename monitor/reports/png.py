"""A plotly figure as a PNG, drawn by kaleido (through Chromium) in a child process.

Why a child: kaleido waits for its browser without end when the browser stops answering (seen once in the suite:
a PDF export hung for good, and killing Chromium did not free it). In a child the wait has a limit: after
RENDER_SECONDS the child is killed and the report is written without its chart, which the log says. The way back
is to export again.

    python -m monitor.reports.png SCALE < figure.json > figure.png
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

RENDER_SECONDS = 60
ROOT = Path(__file__).resolve().parents[2]  # the project root: the child imports monitor from there
log = logging.getLogger("consortium_monitor")


def render(figure, scale: float = 2, timeout: float = RENDER_SECONDS) -> bytes | None:
    """The figure as PNG bytes, or None when it cannot be drawn within `timeout` seconds (or at all)."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "monitor.reports.png", str(scale)],
            input=figure.to_json().encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=True,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        log.warning("a chart was not drawn within %s s; the report is written without it", timeout)
        return None
    except (subprocess.CalledProcessError, OSError) as error:
        log.warning("a chart could not be drawn (%s); the report is written without it", error)
        return None
    return done.stdout or None


def main(argv: list[str]) -> int:
    import plotly.io as pio

    figure = pio.from_json(sys.stdin.read())
    sys.stdout.buffer.write(figure.to_image(format="png", scale=float(argv[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
