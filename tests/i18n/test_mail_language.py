"""Mail in the reader's language: the account's choice, else the sign-in request's
Accept-Language; English for anyone else."""

import re
from collections.abc import Callable

import httpx

from tests.conftest import Mailbox, text_of
from tests.emails.test_addresses import fresh
from tests.meetings.factories import Someone


def ask_for_code(c: httpx.Client, email: str, accept_language: str | None = None) -> None:
    headers = {"Accept-Language": accept_language} if accept_language else {}
    answer = c.post("/api/auth/email", json={"email": email}, headers=headers)
    assert answer.status_code == 202, answer.text


def test_a_new_attendee_gets_the_sign_in_mail_in_the_browsers_language(
    client: Callable[[], httpx.Client], mailbox: Mailbox
) -> None:
    email = fresh("hana")
    c = client()
    ask_for_code(c, email, "ja-JP,ja;q=0.9,en;q=0.5")
    mail = mailbox.last_to(email)
    assert mail["Subject"].startswith("Met Before のサインインコード")
    body = text_of(mail)
    assert "15分後に無効になります" in body
    code = re.search(r"\d{6}", mail["Subject"]).group(0)  # type: ignore[union-attr]
    assert code in body
    assert "/signin#token=" in body
    verified = c.post("/api/auth/verify", json={"email": email, "code": code})
    assert verified.status_code == 200, verified.text
    assert verified.json()["language"] is None  # a browser's language is not a choice


def test_a_chosen_language_is_kept_and_mail_follows_it(
    person: Callable[..., Someone], client: Callable[[], httpx.Client], mailbox: Mailbox
) -> None:
    ana = person("Ana Lima")
    chose = ana.http.patch("/api/me", json={"language": "ar"})
    assert chose.status_code == 200, chose.text
    assert chose.json()["language"] == "ar"
    assert ana.http.get("/api/me").json()["language"] == "ar"

    seen = mailbox.count_to(ana.email)
    ask_for_code(client(), ana.email, "en-US,en;q=0.9")  # another browser, in English
    mail = mailbox.last_to(ana.email, after=seen)
    assert mail["Subject"].startswith("رمز الدخول إلى Met Before")
    assert "15 دقيقة" in text_of(mail)

    # Mail that the account itself causes speaks its language too.
    seen = mailbox.count_to(ana.email)
    assert ana.http.post("/api/me/delete-code").status_code == 202
    assert mailbox.last_to(ana.email, after=seen)["Subject"] == "تأكيد حذف حسابك في Met Before"

    back = ana.http.patch("/api/me", json={"language": "pt-BR"})
    assert back.json()["language"] == "pt-BR"
    seen = mailbox.count_to(ana.email)
    ask_for_code(client(), ana.email)
    assert "Seu código de acesso" in mailbox.last_to(ana.email, after=seen)["Subject"]


def test_a_language_we_do_not_speak_is_refused_and_nothing_changes(
    person: Callable[..., Someone],
) -> None:
    ana = person("Ana Lima")
    assert ana.http.patch("/api/me", json={"language": "fr"}).status_code == 200
    for wrong in ("klingon", "FR", "", 7, "pt"):
        answer = ana.http.patch("/api/me", json={"language": wrong, "pronouns": "she/her"})
        assert answer.status_code == 422, (wrong, answer.text)
        assert answer.json()["code"] == "invalid_input"
    me = ana.http.get("/api/me").json()
    assert (me["language"], me["pronouns"]) == ("fr", "")


def test_without_a_choice_or_a_header_mail_is_english(
    client: Callable[[], httpx.Client], mailbox: Mailbox
) -> None:
    email = fresh("ivo")
    ask_for_code(client(), email)
    assert mailbox.last_to(email)["Subject"].startswith("Your Met Before sign-in code: ")
