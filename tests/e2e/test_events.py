"""Events in the PWA: an organizer creates an event, imports the attendee CSV and reads
the report, and downloads the badge sheets; an attendee opens an event's link and sees
who they have met before will be there, offline too."""

import uuid
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.conftest import Server
from tests.e2e.conftest import phone
from tests.e2e.test_screens import SMALL_TARGETS, WIDER_THAN_SCREEN


def fits_a_phone(page: Page) -> None:
    """Touch targets of at least 44 px, nothing wider than the screen."""
    assert page.evaluate(SMALL_TARGETS) == []
    assert not page.evaluate(WIDER_THAN_SCREEN)


CSV = (
    "email;name;affiliation\n"
    "ben@example.org;Ben Ortiz;Univ. of Somewhere\n"
    ";Nobody;Nowhere\n"
    "not-an-address;Cleo Park;Museum of Maps\n"
    "BEN@example.org;Ben Again;Elsewhere\n"
    "dia@example.org;Dia Noor;=HYPERLINK(1)\n"
    "eli@example.org;Eli Sato;Harbour Lab\n"
)


def test_organizer_creates_an_event_imports_a_csv_and_reads_the_report(
    launch, server: Server, sign_in, tmp_path: Path
) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    attendees = tmp_path / "attendees.csv"
    attendees.write_bytes(b"\xef\xbb\xbf" + CSV.encode())
    page = phone(launch(), server, signed_in=ana, accept_downloads=True).new_page()
    page.goto("/#/events")
    expect(page.get_by_text("No events yet.")).to_be_visible()
    fits_a_phone(page)
    page.get_by_role("link", name="Create an event").click()

    page.get_by_label("Name").fill("Conférence X 2026")
    expect(page.get_by_label("Link", exact=True)).to_have_value("conference-x-2026")
    page.get_by_label("First day").fill("2026-05-04")
    page.get_by_label("Last day").fill("2026-05-06")
    page.get_by_label("Time zone").fill("Europe/Lisbon")
    page.get_by_label("City").fill("Lisbon")
    page.get_by_label("Who can register").select_option("import")
    page.get_by_role("button", name="Create event").click()
    expect(page.get_by_role("heading", name="Manage Conférence X 2026", level=1)).to_be_visible()
    event = ana.get("/api/events/conference-x-2026").json()
    assert (event["starts_on"], event["timezone"], event["join_policy"]) == (
        "2026-05-04",
        "Europe/Lisbon",
        "import",
    )

    page.get_by_label("Attendee list (CSV)").set_input_files(attendees)
    page.get_by_role("button", name="Import attendees").click()
    report = page.locator(".report")
    expect(report).to_have_attribute("aria-live", "polite")
    expect(report.get_by_role("heading", level=3)).to_have_text("Import report: 6 rows")
    tally = report.locator(".tally")
    expect(tally).to_contain_text("Created2")
    expect(tally).to_contain_text("Unchanged0")
    expect(tally).to_contain_text("Rejected4")
    rejected = report.locator(".rejected-rows li")
    expect(rejected).to_have_count(4)
    # Lines count the header as line 1.
    expect(rejected.nth(0)).to_contain_text("Line 3")
    expect(rejected.nth(1)).to_contain_text("Line 4 (not-an-address)")
    expect(rejected.nth(2)).to_contain_text("Line 5 (ben@example.org): same email as line 2")
    expect(rejected.nth(3)).to_contain_text("Line 6 (dia@example.org)")
    expect(page.get_by_text("2 registered.")).to_be_visible()
    fits_a_phone(page)
    listed = ana.get("/api/events/conference-x-2026/attendees").json()
    assert sorted(a["email"] for a in listed["items"]) == ["ben@example.org", "eli@example.org"]

    # The same file again changes nothing.
    page.get_by_role("button", name="Import attendees").click()
    expect(tally).to_contain_text("Unchanged2")
    expect(tally).to_contain_text("Created0")

    page.get_by_label("Paper").select_option("letter")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download badges (PDF)").click()
    saved = tmp_path / "badges.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert download.value.url.endswith("/badges.pdf?paper=letter&layout=2x4")


def test_attendee_sees_friends_attending_on_the_event_page_offline_too(
    launch, server: Server, sign_in
) -> None:
    ana = sign_in("ana@example.org", display_name="Ana Lima")
    ben = sign_in("ben@example.org", display_name="Ben Ortiz", affiliation="Univ. of Somewhere")
    org = sign_in("org@example.org", display_name="Olga Organizer")
    for slug, name in (("confx-2025", "ConfX 2025"), ("confx-2026", "ConfX 2026")):
        event = {"slug": slug, "name": name, "city": "Porto", "starts_on": "2026-05-04"}
        assert org.post("/api/events", json=event).status_code == 201
    for c in (ana, ben):
        assert c.post("/api/events/confx-2025/join").status_code == 201
    # Last year Ana scanned Ben's ConfX 2025 badge and he confirmed.
    ben_badge = next(b for b in ben.get("/api/me/badges").json() if b["kind"] == "event")
    scan = {"client_id": str(uuid.uuid4()), "token": ben_badge["url"], "place": "booth 12"}
    ben_id = ana.post("/api/scans", json=scan).json()["card"]["person"]["id"]
    ana_id = ana.get("/api/me").json()["id"]
    assert ben.post(f"/api/people/{ana_id}/confirm").status_code == 200
    assert ben.post("/api/events/confx-2026/join").status_code == 201

    context = phone(launch(), server, signed_in=ana)
    page = context.new_page()
    page.goto("/events/confx-2026")  # the link the organizers share
    expect(page.get_by_role("heading", name="ConfX 2026", level=1)).to_be_visible()
    expect(page.get_by_text("1 friend from ConfX 2025 will be here")).to_be_visible()
    friend = page.get_by_role("link", name="Ben Ortiz")
    expect(friend).to_contain_text("Last met: ConfX 2025, booth 12")
    fits_a_phone(page)

    page.get_by_role("button", name="Join this event").click()
    expect(page.get_by_text("You're registered.")).to_be_visible()
    attending = {e["slug"] for e in ana.get("/api/events").json() if e["i_attend"]}
    assert attending == {"confx-2025", "confx-2026"}

    friend.click()
    expect(page.get_by_role("heading", name="Ben Ortiz", level=1)).to_be_visible()
    assert page.url.endswith(f"#/people/{ben_id}")

    page.goto("/#/events")
    expect(page.get_by_role("link", name="ConfX 2026")).to_contain_text("Registered")
    # At the venue with no network, the event page is still on the phone.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_text("Offline", exact=True)).to_be_visible()
    page.get_by_role("link", name="ConfX 2026").click()
    expect(page.get_by_role("heading", name="ConfX 2026", level=1)).to_be_visible()
    expect(page.get_by_text("From the phone's copy")).to_be_visible()
    expect(page.get_by_text("1 friend from ConfX 2025 will be here")).to_be_visible()
    expect(page.get_by_text("You're registered.")).to_be_visible()
