// Who scanned my badge and waits for me to confirm (or to scan back); introductions to
// answer; days still to review; follow-ups due; friends of friends at my events.
import { Offline, api } from "../api.js";
import { t, tx } from "../i18n.js";
import * as store from "../store.js";
import { day, errorText, h, meetingText, mount, photo, timeZone } from "../ui.js";
import { asks, friendsOfFriends, introductions, reviews } from "./inbox-more.js";

export function render(root, state) {
  let alive = true;
  const status = h("p", { role: "status", class: "muted" });
  mount(root, h("h1", { tabindex: "-1" }, t("inbox.title")), h("p", { class: "muted" }, t("common.loading")));

  async function load() {
    let inbox;
    let offline = false;
    try {
      inbox = await api(`/api/inbox?tz=${encodeURIComponent(timeZone())}`);
      await store.put("kv", inbox, "inbox");
    } catch (error) {
      // Offline, the last inbox the phone saw is still worth reading.
      inbox = error instanceof Offline ? await store.get("kv", "inbox") : null;
      if (!inbox) {
        if (alive) mount(root, h("h1", { tabindex: "-1" }, t("inbox.title")), h("p", { role: "alert" }, errorText(error)));
        return;
      }
      offline = true;
    }
    if (!alive) return;
    state.updateInbox();
    mount(
      root,
      h("h1", { tabindex: "-1" }, t("inbox.title")),
      offline ? h("p", { class: "pill pill-off" }, t("common.from_copy")) : null,
      status,
      h(
        "p",
        { class: "row" },
        h("a", { class: "button", href: "#/review" }, t("inbox.review")),
        h("a", { class: "button", href: "#/asks" }, t("asks.title")),
      ),
      introductions(inbox.introductions, { status, state, reload: load }),
      asks(inbox),
      reviews(inbox.reviews_due),
      h("h2", null, t("inbox.scanned")),
      inbox.scans_waiting.length
        ? h("ul", { class: "people" }, inbox.scans_waiting.map((scan) => waiting(scan)))
        : h("p", { class: "empty" }, t("inbox.nobody_waiting")),
      inbox.follow_ups_due.length
        ? [
            h("h2", null, t("inbox.follow_ups")),
            h(
              "ul",
              { class: "plain" },
              inbox.follow_ups_due.map((note) =>
                h(
                  "li",
                  { class: "note" },
                  h("a", { href: `#/people/${note.subject_id}` }, note.subject_name),
                  h("p", null, note.body),
                  h("p", { class: "muted" }, t("inbox.due", { date: day(note.follow_up_on) })),
                ),
              ),
            ),
          ]
        : null,
      friendsOfFriends(inbox.friends_of_friends),
    );
  }

  function waiting(scan) {
    const p = scan.person;
    const name = p.display_name;
    const act = (label, named, run, cls) =>
      h(
        "button",
        {
          type: "button",
          class: cls,
          "aria-label": named,
          onclick: async ({ currentTarget: button }) => {
            button.disabled = true;
            try {
              await run();
              await load();
            } catch (error) {
              status.textContent = errorText(error);
              button.disabled = false;
            }
          },
        },
        label,
      );
    return h(
      "li",
      { class: "waiting" },
      h(
        "div",
        { class: "person" },
        photo(p.photo_url, p.display_name),
        h(
          "span",
          null,
          h("span", { class: "person-name" }, p.display_name),
          p.affiliation ? h("span", { class: "person-meta" }, p.affiliation) : null,
          h("span", { class: "person-meta" }, tx("inbox.scanned_you", { meeting: meetingText({ at: scan.scanned_at, place: scan.place, event: scan.event }) })),
        ),
      ),
      h(
        "div",
        { class: "row" },
        act(
          t("inbox.confirm"),
          t("inbox.confirm_named", { name }),
          async () => {
            await api(`/api/people/${p.id}/confirm`, { method: "POST" });
            status.textContent = t("inbox.now_friends", { name });
            state.refresh();
          },
          "primary",
        ),
        h("a", { class: "button", href: "#/scan", "aria-label": t("inbox.scan_back_named", { name }) }, t("inbox.scan_back")),
        act(t("inbox.ignore"), t("inbox.ignore_named", { name }), () => api(`/api/people/${p.id}/ignore`, { method: "POST" })),
      ),
    );
  }

  load();
  return () => (alive = false);
}
