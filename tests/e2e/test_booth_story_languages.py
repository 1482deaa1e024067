"""The booth story in Arabic and in Japanese: sign in with the mailed code, scan a badge,
write a note, and weeks later the same scan says "you've met before" with that note, all in
the reader's language and script, at phone width; the names stay as written."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import Mailbox, Server, text_of
from tests.e2e.conftest import badge_video, new_address, phone

NOTE = "penguins; wants the cataloguing slides"
AFFILIATION = "جامعة القاهرة"  # a right-to-left affiliation beside a Latin name

WORDS = {
    "ar-EG": {
        "dir": "rtl",
        "email": "عنوان البريد الإلكتروني",
        "send": "أرسل لي رمزًا",
        "code": "رمز من 6 أرقام",
        "sign_in": "دخول",
        "first_time": f"أول لقاء مع Ben Ortiz — {AFFILIATION}",
        "recorded": "سُجّل اللقاء.",
        "add_note": "أضف ملاحظة خاصة",
        "save_note": "احفظ الملاحظة",
        "note_saved": "حُفظت الملاحظة.",
        "met_before": "التقيتما من قبل — Ben Ortiz، أول مرة في booth 12",
        "your_note": f"ملاحظتك: {NOTE}",
    },
    "ja-JP": {
        "dir": "ltr",
        "email": "メールアドレス",
        "send": "コードを送信",
        "code": "6桁のコード",
        "sign_in": "サインイン",
        "first_time": f"Ben Ortiz さん（{AFFILIATION}）とは初対面です",  # noqa: RUF001 (Japanese)
        "recorded": "出会いを記録しました。",
        "add_note": "非公開メモを追加",
        "save_note": "メモを保存",
        "note_saved": "メモを保存しました。",
        "met_before": "以前に会っています — Ben Ortiz さん。初めて会ったのは booth 12",
        "your_note": f"あなたのメモ：{NOTE}",  # noqa: RUF001 (Japanese)
    },
}
WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth > window.innerWidth"


@pytest.mark.parametrize("locale", WORDS)
def test_the_booth_story_in_the_readers_language(
    launch, server: Server, sign_in, mailbox: Mailbox, tmp_path: Path, locale: str
) -> None:
    words = WORDS[locale]
    ben = sign_in(new_address("ben"), display_name="Ben Ortiz", affiliation=AFFILIATION)
    browser = launch(camera=badge_video(ben, tmp_path / "ben.y4m"))

    # Three weeks ago, at the booth: Ana signs in with the code the mail brings.
    then = phone(browser, server, locale=locale)
    then.clock.set_fixed_time(datetime.now(UTC) - timedelta(days=21))
    then.add_init_script("localStorage.setItem('place', 'booth 12')")
    page = then.new_page()
    page.goto("/")
    ana = new_address("ana")
    seen = mailbox.count_to(ana)
    page.get_by_label(words["email"]).fill(ana)
    page.get_by_role("button", name=words["send"]).click()
    # The mail speaks her browser's language; its code is six Western digits in any.
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", text_of(mailbox.last_to(ana, after=seen)))
    assert code is not None
    page.get_by_label(words["code"]).fill(code.group(1))
    page.get_by_role("button", name=words["sign_in"], exact=True).click()
    expect(page.locator(".badge")).to_be_visible()
    assert page.evaluate("() => document.documentElement.dir") == words["dir"]

    page.goto("/#/scan")
    expect(page.get_by_text(words["first_time"])).to_be_visible()
    expect(page.get_by_text(words["recorded"])).to_be_visible()
    page.get_by_label(words["add_note"]).fill(NOTE)
    page.get_by_role("button", name=words["save_note"]).click()
    expect(page.get_by_role("status").filter(has_text=words["note_saved"])).to_be_visible()
    assert not page.evaluate(WIDER_THAN_SCREEN)
    ana_id = page.evaluate("async () => (await (await fetch('/api/me')).json()).id")
    cookies = then.cookies()
    then.close()
    assert ben.post(f"/api/people/{ana_id}/confirm").status_code == 200

    # Today, the same badge again.
    today = phone(browser, server, locale=locale)
    today.add_cookies(cookies)
    page = today.new_page()
    page.goto("/#/scan")
    verdict = page.locator(".verdict-met")
    expect(verdict).to_contain_text(words["met_before"])
    expect(verdict).to_contain_text(words["your_note"])
    expect(verdict.locator("bdi").filter(has_text="Ben Ortiz").first).to_be_visible()
    assert not page.evaluate(WIDER_THAN_SCREEN)
