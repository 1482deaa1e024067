"""The app in the reader's language: the browser's first, then a choice on the Profile
screen that the account and the phone keep (offline too); Arabic right to left; dates on
the calendar of the event's place."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
from playwright.sync_api import expect

from tests.conftest import Mailbox, Server
from tests.e2e.conftest import phone
from tests.events.helpers import create_event
from tests.meetings.factories import Someone, person

__all__ = ["person"]  # the fixture


def test_the_sign_in_screen_speaks_the_browsers_language(
    launch, server: Server, mailbox: Mailbox
) -> None:
    browser = launch()
    japanese = phone(browser, server, locale="ja-JP").new_page()
    japanese.goto("/")
    expect(japanese.get_by_role("heading", name="Met Before にサインイン")).to_be_visible()
    assert japanese.evaluate(
        "() => [document.documentElement.lang, document.documentElement.dir]"
    ) == ["ja", "ltr"]
    japanese.get_by_label("メールアドレス").fill("hana@example.org")
    japanese.get_by_role("button", name="コードを送信").click()
    expect(
        japanese.get_by_text("hana@example.org に届いたコードを確認してください。")
    ).to_be_visible()
    # The mail speaks the browser's language too (its Accept-Language).
    assert mailbox.last_to("hana@example.org")["Subject"].startswith(
        "Met Before のサインインコード"
    )

    arabic = phone(browser, server, locale="ar-EG").new_page()
    arabic.goto("/")
    expect(arabic.get_by_role("heading", name="الدخول إلى Met Before")).to_be_visible()
    assert arabic.evaluate("() => document.documentElement.dir") == "rtl"
    arabic.get_by_label("عنوان البريد الإلكتروني").fill("omar@example.org")
    arabic.get_by_role("button", name="أرسل لي رمزًا").click()
    # The Latin address sits isolated inside the Arabic sentence.
    expect(arabic.locator("p.lead bdi")).to_have_text("omar@example.org")
    arabic.get_by_label("رمز من 6 أرقام").fill("000000")
    arabic.get_by_role("button", name="دخول", exact=True).click()
    # An API error's code in the reader's language, not the server's English.
    expect(arabic.get_by_role("alert")).to_have_text(
        "هذا الرمز أو الرابط خاطئ أو مستخدم أو منتهي الصلاحية. اطلب رمزًا جديدًا."
    )
    assert not arabic.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")


def test_a_chosen_language_is_kept_by_the_account_and_holds_offline(
    launch, server: Server, sign_in
) -> None:
    ana: httpx.Client = sign_in("ana@example.org", display_name="Ana Lima")
    context = phone(launch(), server, signed_in=ana, locale="en-US")
    page = context.new_page()
    page.goto("/#/profile")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.get_by_label("Language").select_option("de")
    expect(page.get_by_label("Sprache")).to_have_value("de")
    assert ana.get("/api/me").json()["language"] == "de"

    context.set_offline(True)
    page.reload()
    expect(page.get_by_label("Sprache")).to_be_visible()
    assert page.evaluate("() => document.documentElement.lang") == "de"


def test_a_meeting_is_dated_by_the_events_calendar_not_the_phones(
    launch, server: Server, person: Callable[..., Someone]
) -> None:
    ana, ben = person("Ana Lima"), person("Ben Ortiz")
    create_event(ana, "kiri", name="Kiritimati Camp", timezone="Pacific/Kiritimati")
    # Noon UTC yesterday: already today in Kiritimati (UTC+14), still yesterday in Los Angeles.
    noon = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=1)
    ana.meet(ben, event="kiri", place="reef", scanned_at=noon.isoformat())
    kiritimati = (noon + timedelta(hours=14)).date()
    shown = f"{kiritimati:%b} {kiritimati.day}, {kiritimati.year}"

    context = phone(
        launch(), server, signed_in=ana.http, locale="en-US", timezone_id="America/Los_Angeles"
    )
    page = context.new_page()
    page.goto(f"/#/people/{ben.id}")
    expect(page.get_by_text(f"Kiritimati Camp, reef, {shown}").first).to_be_visible()
