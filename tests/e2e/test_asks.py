"""Asks in the app: Ana asks her friends; Ben, her friend, introduces Chen about it; both
accept; Ana sees the introduction that answered her ask, offline too."""

from playwright.sync_api import expect

from tests.conftest import Server
from tests.e2e.conftest import new_address, phone, reload_offline
from tests.e2e.test_introductions import befriend, send_introduction

ASK = "Looking for someone who knows digital preservation in Brazil"


def test_a_friend_answers_my_ask_with_an_introduction(launch, server: Server, sign_in) -> None:
    ana = sign_in(new_address("ana"), display_name="Ana Lima")
    ben = sign_in(new_address("ben"), display_name="Ben Ortiz")
    chen = sign_in(new_address("chen"), display_name="Chen Wu", affiliation="IBICT")
    befriend(ana, ben)
    befriend(ben, chen)
    browser = launch()

    ana_context = phone(browser, server, signed_in=ana)
    ana_page = ana_context.new_page()
    ana_page.goto("/#/asks")
    expect(ana_page.get_by_role("heading", name="Asks", level=1)).to_be_visible()
    ana_page.get_by_label("What are you looking for?").fill(ASK)
    ana_page.get_by_role("button", name="Ask my friends").click()
    expect(
        ana_page.get_by_role("status").filter(has_text="Only your friends see it")
    ).to_be_visible()
    expect(ana_page.get_by_text(ASK)).to_be_visible()

    ben_page = phone(browser, server, signed_in=ben).new_page()
    ben_page.goto("/#/inbox")
    ben_page.get_by_role("link", name=f"Ana Lima asks: {ASK}").click()
    expect(ben_page.get_by_text("Ana Lima asks:")).to_be_visible()
    ben_page.get_by_role("link", name="Introduce someone").click()
    send_introduction(
        ben_page, "Ana Lima", "Chen Wu", "Chen Wu — IBICT", "Chen works on preservation at IBICT."
    )

    chen_page = phone(browser, server, signed_in=chen).new_page()
    chen_page.goto("/#/inbox")
    expect(chen_page.get_by_text("Introduced by Ben Ortiz")).to_be_visible()
    expect(chen_page.get_by_text("About your ask")).to_have_count(0)  # not Chen's to read
    assert ASK not in chen_page.content()
    chen_page.get_by_role("button", name="Accept introduction to Ana Lima").click()
    expect(chen_page.get_by_role("status").filter(has_text="as soon as Ana Lima")).to_be_visible()

    ana_page.goto("/#/inbox")
    expect(ana_page.get_by_text(f"About your ask: {ASK}")).to_be_visible()
    ana_page.get_by_role("button", name="Accept introduction to Chen Wu").click()
    expect(ana_page.get_by_role("status").filter(has_text="now friends")).to_be_visible()

    ana_page.goto("/#/asks")
    answered = "Ben Ortiz introduced you to Chen Wu about your ask — you are now friends."
    expect(ana_page.get_by_text(answered)).to_be_visible()
    # Offline, the Asks screen reads the phone's copy.
    reload_offline(ana_context, ana_page)
    expect(ana_page.get_by_text(answered)).to_be_visible()


def test_a_friends_now_line_starts_the_conversation_offline_too(
    launch, server: Server, sign_in
) -> None:
    ana = sign_in(new_address("ana"), display_name="Ana Lima")
    ben = sign_in(new_address("ben"), display_name="Ben Ortiz")
    befriend(ana, ben)
    ben_id = ben.get("/api/me").json()["id"]
    browser = launch()

    ben_page = phone(browser, server, signed_in=ben).new_page()
    ben_page.goto("/#/profile")
    ben_page.get_by_label("What I'm up to").fill("moved to Lisbon; writing about web archives")
    ben_page.get_by_role("button", name="Save line").click()
    expect(ben_page.get_by_role("status").filter(has_text="Your friends see")).to_be_visible()
    assert ben.get("/api/me").json()["now"]["text"].startswith("moved to Lisbon")

    context = phone(browser, server, signed_in=ana)
    page = context.new_page()
    page.goto("/#/friends")
    expect(page.get_by_text("Now: moved to Lisbon; writing about web archives")).to_be_visible()
    page.goto(f"/#/people/{ben_id}")
    expect(page.get_by_role("heading", name="To start the conversation")).to_be_visible()
    expect(page.get_by_text("Now: moved to Lisbon; writing about web archives")).to_be_visible()
    reload_offline(context, page)
    expect(page.get_by_text("Now: moved to Lisbon; writing about web archives")).to_be_visible()


def test_the_asks_screen_speaks_the_readers_language(launch, server: Server, sign_in) -> None:
    ana = sign_in(new_address("ana"), display_name="Ana Lima")
    ben = sign_in(new_address("ben"), display_name="Ben Ortiz")
    befriend(ana, ben)
    browser = launch()

    page = phone(browser, server, signed_in=ana, locale="ja-JP").new_page()
    page.goto("/#/asks")
    expect(page.get_by_role("heading", name="お願い", level=1)).to_be_visible()
    page.get_by_label("何を探していますか").fill("ブラジルのデジタル保存に詳しい人")
    page.get_by_role("button", name="友だちにお願いする").click()
    expect(page.get_by_role("status").filter(has_text="送信しました")).to_be_visible()

    arabic = phone(browser, server, signed_in=ben, locale="ar-EG").new_page()
    arabic.goto("/#/asks")
    expect(arabic.get_by_text("يطلب Ana Lima:")).to_be_visible()
    expect(arabic.locator("a bdi")).to_have_text("Ana Lima")  # isolated in the Arabic line
