"""A friend's card and the friends list in the reader's language: Arabic right to left,
with Arabic plural forms, and Japanese; names and notes stay as their owners wrote them."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from playwright.sync_api import Page, expect

from tests.conftest import Server
from tests.e2e.conftest import badge_url, new_address, phone
from tests.e2e.test_screens import WIDER_THAN_SCREEN

EVENTS = {"confx-2024": "ConfX 2024", "confx-2025": "ConfX 2025", "confx-2026": "ConfX 2026"}


def met_at_three_events(sign_in) -> tuple[httpx.Client, str]:
    """Ana and three friends: Ben, met at three events (the last one now), who also goes
    by two other names; Cleo and Dan, met at no event. Ana's client and Ben's id."""
    ana = sign_in(new_address("ana"), display_name="Ana Lima")
    ben = sign_in(
        new_address("ben"), display_name="Ben Ortiz", other_names=["Benedito Ortiz", "Benny"]
    )
    org = sign_in(new_address("org"), display_name="Olga Organizer")
    ana_id, ben_id = ana.get("/api/me").json()["id"], ben.get("/api/me").json()["id"]
    now = datetime.now(UTC)
    for days_ago, (slug, name) in zip((3, 2, 0), EVENTS.items(), strict=True):
        event = {"slug": slug, "name": name, "city": "Porto", "starts_on": "2026-05-04"}
        assert org.post("/api/events", json=event).status_code == 201
        scan = {
            "client_id": str(uuid.uuid4()),
            "token": badge_url(ben),
            "place": "booth 12",
            "scanned_at": (now - timedelta(days=days_ago, minutes=5)).isoformat(),
            "event": slug,
        }
        assert ana.post("/api/scans", json=scan).status_code == 201
    assert ben.post(f"/api/people/{ana_id}/confirm").status_code == 200
    for name in ("Cleo Park", "Dan Wu"):
        friend = sign_in(new_address(name.split()[0].lower()), display_name=name)
        scan = {"client_id": str(uuid.uuid4()), "token": badge_url(friend)}
        assert ana.post("/api/scans", json=scan).status_code == 201
        assert friend.post(f"/api/people/{ana_id}/confirm").status_code == 200
    return ana, str(ben_id)


def number(page: Page, n: int) -> str:
    """n as the page's language writes it (Arabic may use its own digits)."""
    return str(page.evaluate("n => n.toLocaleString(document.documentElement.lang)", n))


def ago(page: Page, months: int) -> str:
    """The app's own "N months ago", from the module the screens use."""
    return str(page.evaluate("async (n) => (await import('/i18n.js')).ago(n, 'month')", months))


def test_the_card_and_the_friends_list_in_arabic_right_to_left(
    launch, server: Server, sign_in
) -> None:
    ana, ben_id = met_at_three_events(sign_in)
    page = phone(launch(), server, signed_in=ana, locale="ar-EG").new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/#/friends")
    expect(page.get_by_role("heading", name="الأصدقاء", level=1)).to_be_visible()
    assert page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    one, three = number(page, 1), number(page, 3)
    # Three friends: Arabic's "few" form (أصدقاء), counted by the whole list.
    expect(page.get_by_text(f"{three} من أصل {three} أصدقاء")).to_be_visible()
    ben = page.get_by_role("link").filter(has_text="Ben Ortiz")
    expect(ben.locator(".person-name")).to_have_text("Ben Ortiz")  # a Latin name, unchanged
    expect(ben).to_contain_text("آخر لقاء: ConfX 2026، booth 12")
    page.get_by_label("ابحث بالاسم أو الجهة").fill("Benny")
    expect(page.get_by_text(f"{one} من أصل {three} أصدقاء")).to_be_visible()
    page.get_by_label("ابحث بالاسم أو الجهة").fill("")
    page.get_by_role("button", name="حسب الفعالية").click()
    expect(page.get_by_role("heading", name="ConfX 2024", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="خارج الفعاليات", level=2)).to_be_visible()
    assert not page.evaluate(WIDER_THAN_SCREEN)

    page.goto(f"/#/people/{ben_id}")
    expect(page.get_by_role("heading", name="Ben Ortiz", level=1)).to_be_visible()
    # Met at three events: "few" again, in the card's own words.
    expect(page.get_by_text(f"في {three} فعاليات معًا")).to_be_visible()
    expect(page.get_by_role("heading", name="اللقاءات", exact=True)).to_be_visible()
    expect(page.locator("dt:has-text('الحالة') + dd")).to_have_text("أصدقاء")
    expect(page.locator("dt:has-text('عدد اللقاءات') + dd")).to_have_text(three)
    also = page.get_by_text("يُعرف أيضًا باسم")
    expect(also.locator("bdi")).to_contain_text("Benedito Ortiz")
    expect(also.locator("bdi")).to_contain_text("Benny")
    expect(page.get_by_role("link", name="عرّفه على صديق")).to_be_visible()
    expect(page.get_by_text("إزالة أو حظر")).to_be_visible()
    expect(page.get_by_text("لا ملاحظات بعد.")).to_be_visible()
    page.get_by_label("أضف ملاحظة خاصة").fill("penguins, and the map of Porto")
    page.get_by_role("button", name="احفظ الملاحظة").click()
    expect(page.get_by_text("penguins, and the map of Porto", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="تعديل الملاحظة: penguins, and the map")).to_be_visible()
    assert ago(page, 14) == f"قبل {number(page, 14)} شهرًا"
    assert not page.evaluate(WIDER_THAN_SCREEN)
    assert errors == []


def test_the_card_and_the_friends_list_in_japanese(launch, server: Server, sign_in) -> None:
    ana, ben_id = met_at_three_events(sign_in)
    page = phone(launch(), server, signed_in=ana, locale="ja-JP").new_page()
    page.goto("/#/friends")
    expect(page.get_by_role("heading", name="友だち", level=1)).to_be_visible()
    assert page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == [
        "ja",
        "ltr",
    ]
    expect(page.get_by_text("友だち 3 人中 3 人")).to_be_visible()
    expect(page.get_by_role("link").filter(has_text="Ben Ortiz")).to_contain_text(
        "前回: ConfX 2026、booth 12"
    )

    page.goto(f"/#/people/{ben_id}")
    expect(page.get_by_role("heading", name="Ben Ortiz", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="出会い", exact=True)).to_be_visible()
    expect(page.get_by_text("一緒に参加したイベント 3 件")).to_be_visible()
    expect(page.get_by_text("別名:")).to_have_text("別名: Benedito Ortiz、Benny")
    expect(page.get_by_role("heading", name="自分のメモ")).to_be_visible()
    assert ago(page, 14).replace(" ", "") == "14か月前"
