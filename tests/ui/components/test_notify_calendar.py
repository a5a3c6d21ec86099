"""The Overview's "Calendar (.ics)" download (ui/components/notify_calendar.py) in AppTest: the signed-in user's
own deadlines, in the chosen language, as a file a calendar parser reads."""

import icalendar
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.apptest import app

AS_OF = "2025-06-30"


@pytest.fixture
def downloads(monkeypatch):
    """The callable, file name and type the page hands to each deferred st.download_button (the file is built
    when clicked), by file id."""
    files = {}
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        files[file_id] = (file_name, data_callable, mimetype)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return files


def calendar_download(user: str, lang: str, downloads):
    """The button, and the file a click on it downloads."""
    at = app(user, as_of=AS_OF, lang=lang).run()
    assert not at.exception, at.exception
    button = next(b for b in at.get("download_button") if b.key == "notify_calendar:ics")
    name, build, mime = downloads[button.proto.deferred_file_id]
    return button, name, icalendar.Calendar.from_ical(build()), mime


def kinds(calendar) -> set[str]:
    return {str(e["UID"]).split("-", 1)[0] for e in calendar.walk("VEVENT")}


def test_the_leader_downloads_every_deadline_in_english(app_env, downloads):
    button, name, calendar, mime = calendar_download("leader", "en", downloads)
    assert button.label == "Calendar (.ics)"
    assert name == "deadlines_leader.ics" and mime == "text/calendar"
    assert str(calendar["X-WR-CALNAME"]) == "Consortium Monitor – deadlines for Annett Arntzen (demo)"
    # 9 reports + 10 milestones + 8 deliverables + 13 payments + 8 change-request windows (tests/notify)
    assert len(calendar.walk("VEVENT")) == 48
    assert kinds(calendar) == {"report", "milestone", "deliverable", "payment", "window"}
    summaries = {str(e["UID"]): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert summaries["report-mwinc-final@consortium-monitor"] == "Due: final report – MW Inc"


def test_a_partner_downloads_its_own_deliverables_only_in_norwegian(app_env, downloads):
    button, name, calendar, _ = calendar_download("nav", "nb", downloads)
    assert button.label == "Kalender (.ics)"
    assert name == "deadlines_nav.ics"
    assert kinds(calendar) == {"milestone", "deliverable"}  # no reports, payments or windows
    deliverables = [str(e["UID"]) for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("deliverable-")]
    assert deliverables == ["deliverable-mwinc-D1.3@consortium-monitor"]  # nav_vt's (deliverables.csv)


def test_a_viewer_downloads_no_change_request_windows(app_env, downloads):
    _, _, calendar, _ = calendar_download("reader", "en", downloads)
    assert kinds(calendar) == {"report", "milestone", "deliverable", "payment"}
