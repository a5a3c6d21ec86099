"""What only a browser shows: login, the overview's tiles, the sidebar widgets, and pages a role may not open."""

from playwright.sync_api import Page, expect

NBSP = "\u00a0"


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_test_id("stMetric").first).to_be_visible(timeout=30_000)


def test_the_overview_tiles_are_visible_after_login(page: Page, app_url: str):
    page.goto(f"{app_url}/?as_of=2024-06-30")
    expect(page.get_by_label("Brukernavn")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stMetric")).to_have_count(0)  # nothing but the login form before login
    sign_in(page, f"{app_url}/?as_of=2024-06-30", "leader")
    metrics = page.get_by_test_id("stMetric")
    expect(metrics).to_have_count(6)
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(f"15,1{NBSP}mill.{NBSP}kr")
    expect(page.get_by_role("heading", name="Status for MW Inc")).to_be_visible()


def test_the_language_switch_changes_labels_and_url(page: Page, app_url: str):
    sign_in(page, f"{app_url}/?as_of=2024-06-30", "leader")
    expect(page.get_by_test_id("stMetric").get_by_text("Budsjett", exact=True)).to_be_visible()
    page.get_by_test_id("stSidebar").get_by_role("radio", name="en", exact=True).click()
    expect(page.get_by_role("heading", name="Status of MW Inc")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stMetric").get_by_text("Spent to date", exact=True)).to_be_visible()
    assert "lang=en" in page.url


def test_a_partner_cannot_open_the_audit_page_by_url(page: Page, app_url: str):
    # Typing a URL opens a new session: the login form first, then, as the audit page is not registered
    # for a partner, its URL finds the stand-in: one line says so (issue 13, case 13) — never the audit log,
    # and not the Overview either, as if nothing had been asked. (The app's root is opened first: until some
    # session has called st.navigation, Streamlit serves pages/ files by themselves, which then ask for the login.)
    page.goto(app_url)
    expect(page.get_by_label("Brukernavn")).to_be_visible(timeout=30_000)
    page.goto(f"{app_url}/audit")
    page.get_by_label("Brukernavn").fill("nav")
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn").click()
    refusal = "Siden «Endringslogg» er ikke tilgjengelig for rollen din (partner). Forsøket er logget."
    expect(page.get_by_text(refusal)).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    expect(page.get_by_role("heading", name="Status for MW Inc")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNav").get_by_text("Endringslogg")).to_have_count(0)


def test_a_wrong_password_is_refused(page: Page, app_url: str):
    page.goto(f"{app_url}/budget")
    page.get_by_label("Brukernavn").fill("leader")
    page.get_by_label("Passord").fill("not-the-password")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_text("Feil brukernavn eller passord.")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stMetric")).to_have_count(0)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)


def test_an_editor_offers_no_unneutralised_download_while_a_table_does(page: Page, app_url: str):
    """Issue 13, case 7: a read-only table's CSV download holds neutralised text; an editor keeps text as typed,
    so its built-in download is hidden (the page's own neutralising exports remain)."""
    sign_in(page, f"{app_url}/?as_of=2024-06-30", "leader")
    page.get_by_test_id("stSidebarNav").get_by_text("Risiko", exact=True).click()
    page.get_by_text("Rediger risikoer", exact=True).click()  # the editor's expander
    editor = page.locator(".st-key-editor-risks")
    expect(editor.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    editor.get_by_test_id("stDataFrame").hover()
    expect(editor.get_by_role("button", name="Search")).to_be_visible()  # the toolbar is there…
    expect(editor.get_by_role("button", name="Download as CSV")).to_be_hidden()  # …without the download
    table = page.get_by_test_id("stDataFrame").filter(has_not=page.locator(".st-key-editor-risks")).first
    table.hover()
    expect(page.get_by_role("button", name="Download as CSV").first).to_be_visible()


def test_a_damaged_database_shows_the_message_alone(page: Page, damaged_app_url: str):
    """Issue 13, case 5, as the browser shows it: the plain message naming the file and the backup, and no way
    past it (Streamlit lists pages/ by file name in the sidebar until a run declares a navigation)."""
    for lang, words in (("nb", "er skadet og kan ikke brukes"), ("en", "is damaged and cannot be used")):
        page.goto(f"{damaged_app_url}/?lang={lang}")
        expect(page.get_by_text(words)).to_be_visible(timeout=30_000)
        expect(page.get_by_text("-manual.duckdb")).to_be_visible()
        expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
        expect(page.get_by_text("Traceback")).to_have_count(0)
