"""The scanning side of the app in the reader's language: the Scan screen, the tabs, the
outbox's pill, a table's roster and My data's devices and blocked people, in Arabic (right
to left, with its own plural forms) and in German. People's names and the browsers' names
stay as they are, each isolated inside the translated sentence."""

import re
import uuid

from playwright.sync_api import Page, expect

from tests.auth.devices import IPHONE, signed_in
from tests.conftest import Mailbox, Server
from tests.e2e.conftest import badge_url, new_address, phone
from tests.e2e.test_scan_refusals import DENY_CAMERA


def tabs_say(page: Page, names: list[str]) -> None:
    nav = page.get_by_role("navigation")
    for name in names:
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()


def type_code(page: Page, label: str, button: str, code: str) -> None:
    page.get_by_label(label).fill(code)
    page.get_by_role("button", name=button, exact=True).click()


def test_scan_tabs_outbox_and_a_table_in_arabic(launch, server: Server, sign_in) -> None:
    people = {
        name: sign_in(new_address(name.split()[0].lower()), display_name=name)
        for name in ("Ana Lima", "Ben Ortiz", "Cara Diaz")
    }
    ana = people["Ana Lima"]
    opened = ana.post("/api/tables", json={"name": "Dinner at Luigi's"})
    assert opened.status_code == 201, opened.text
    token = opened.json()["token"]
    for name in ("Ben Ortiz", "Cara Diaz"):
        assert people[name].post(f"/api/tables/{token}/join").status_code == 200

    context = phone(launch(), server, signed_in=ana, locale="ar-EG")
    context.add_init_script(DENY_CAMERA)
    page = context.new_page()
    page.goto("/#/scan")
    expect(page.get_by_role("heading", name="امسح شارة", level=1)).to_be_visible()
    html = page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]")
    assert html == ["ar", "rtl"]
    expect(page.get_by_text("رُفض إذن الكاميرا.")).to_be_visible()
    expect(page.get_by_role("navigation", name="الرئيسية")).to_be_visible()
    tabs_say(page, ["الشارة الخاصة بي", "مسح", "الأصدقاء", "الفعاليات", "الوارد", "الملف"])
    expect(page.get_by_label("أين أنت؟")).to_have_attribute("placeholder", "مثلًا: الجناح 12")

    # Let the "available offline" notice come and settle before aiming at controls.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.get_by_text("اكتب رمزًا بدلًا من ذلك").click()
    type_code(
        page, "رمز الشارة أو رابطها", "ابحث", "https://example.com/m/abcdefghijklmnopqrstuvwxyz"
    )
    expect(page.get_by_role("alert")).to_have_text("هذه ليست شارة Met Before.")

    # The table's roster: its name and the people's names as they wrote them, the count in
    # Arabic's "few" form.
    page.goto(f"/#/table/{token}")
    expect(page.get_by_role("heading", name="Dinner at Luigi's", level=1)).to_be_visible()
    expect(page.get_by_role("heading", level=2)).to_have_text(
        re.compile(r"^على هذه الطاولة: (3|٣) أشخاص$")
    )
    expect(page.locator(".person-name")).to_have_text(["Ben Ortiz", "Cara Diaz"])
    expect(page.get_by_role("button", name="التقيت الجميع")).to_be_visible()
    page.get_by_role("button", name="أضف Cara Diaz").click()
    expect(page.get_by_text("التقيتما ✓", exact=True)).to_have_count(1)

    # Offline, an add and a typed badge wait in the outbox: Arabic's "one", then "two".
    context.set_offline(True)
    page.get_by_role("button", name="أضف Ben Ortiz").click()
    expect(page.get_by_text("التقيتما — تتم المزامنة عند الاتصال")).to_be_visible()
    pending = page.locator("#pending")
    expect(pending).to_have_text("عملية مسح واحدة بانتظار المزامنة")
    page.get_by_role("link", name="مسح", exact=True).click()
    page.get_by_text("اكتب رمزًا بدلًا من ذلك").click()
    type_code(page, "رمز الشارة أو رابطها", "ابحث", badge_url(people["Cara Diaz"]))
    expect(page.get_by_text("محفوظ — تظهر التفاصيل عند عودة الاتصال.")).to_be_visible()
    expect(pending).to_have_text("عمليتا مسح بانتظار المزامنة")
    expect(page.locator(".queue .pill")).to_have_text("عمليتا مسح بانتظار المزامنة")
    expect(page.get_by_text("غير متصل", exact=True)).to_be_visible()

    context.set_offline(False)
    expect(pending).to_be_hidden()
    assert not page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")


def test_scan_tabs_devices_and_blocked_people_in_german(
    launch, server: Server, sign_in, client, mailbox: Mailbox
) -> None:
    address = new_address("ana")
    ana = sign_in(address, display_name="Ana Lima")
    ben = sign_in(new_address("ben"), display_name="Ben Ortiz")
    cleo = sign_in(new_address("cleo"), display_name="Cleo Park")
    scanned = ana.post("/api/scans", json={"client_id": str(uuid.uuid4()), "token": badge_url(ben)})
    assert scanned.status_code == 201, scanned.text
    ben_id = scanned.json()["card"]["person"]["id"]
    assert ana.post(f"/api/people/{ben_id}/block").status_code == 204
    iphone = signed_in(client, mailbox, address, IPHONE)

    context = phone(launch(), server, signed_in=ana, locale="de-DE")
    context.add_init_script(DENY_CAMERA)
    page = context.new_page()
    page.goto("/#/scan")
    expect(page.get_by_role("heading", name="Namensschild scannen", level=1)).to_be_visible()
    assert page.evaluate("() => document.documentElement.dir") == "ltr"
    expect(page.get_by_text("Der Kamerazugriff wurde verweigert.")).to_be_visible()
    tabs_say(page, ["Mein Schild", "Scannen", "Freunde", "Events", "Eingang", "Profil"])
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")

    # The server refuses a scan of someone I blocked: its reason in German, kept in the
    # queue with the day as German writes it.
    page.get_by_text("Stattdessen einen Code eingeben").click()
    type_code(page, "Code oder Link des Namensschilds", "Nachschlagen", badge_url(ben))
    expect(page.get_by_role("alert")).to_have_text(
        "Nicht erfasst: Du hast diese Person blockiert; "
        "gib sie frei, um eine Begegnung festzuhalten."
    )
    expect(page.locator("#pending")).to_have_text("1 nicht erfasst")
    refused = page.locator(".queue li")
    expect(refused).to_contain_text(re.compile(r"^Scan vom \d{2}\.\d{2}\.\d{4}: Du hast diese"))
    refused.get_by_role("button", name="Verwerfen").click()
    expect(page.locator("#pending")).to_be_hidden()

    # One scan waiting: German's singular, with the verb agreeing.
    context.set_offline(True)
    type_code(page, "Code oder Link des Namensschilds", "Nachschlagen", badge_url(cleo))
    expect(page.locator("#pending")).to_have_text("1 Scan wartet auf Synchronisierung")
    context.set_offline(False)
    expect(page.locator("#pending")).to_be_hidden()

    page.get_by_role("link", name="Profil", exact=True).click()
    page.get_by_role("link", name="Meine Daten").click()
    expect(page.get_by_role("heading", name="Meine Daten", level=1)).to_be_visible()
    devices = page.locator("section", has=page.get_by_role("heading", name="Angemeldete Geräte"))
    # The browser's and the system's names stay as they are; only our words change.
    expect(devices.get_by_text("(dieses Gerät)")).to_have_count(1)
    devices.get_by_role("button", name="Safari auf iPhone abmelden").click()
    expect(devices.get_by_role("status")).to_have_text("Safari auf iPhone ist abgemeldet.")
    expect(devices.locator("[role=status] bdi")).to_have_text("Safari auf iPhone")
    assert iphone.get("/api/me").status_code == 401

    blocked = page.locator("section", has=page.get_by_role("heading", name="Blockierte Personen"))
    blocked.get_by_role("button", name="Ben Ortiz freigeben").click()
    expect(blocked.get_by_role("status")).to_contain_text("Ben Ortiz ist nicht mehr blockiert.")
    expect(blocked.locator("[role=status] bdi")).to_have_text("Ben Ortiz")
    assert ana.get("/api/blocks").json() == []
