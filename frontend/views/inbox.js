// Who scanned my badge and waits for me to confirm (or to scan back); introductions to
// answer; days still to review; follow-ups due; friends of friends at my events.
import { Offline, api } from "../api.js";
import * as store from "../store.js";
import { day, errorText, h, meetingText, mount, photo, timeZone } from "../ui.js";
import { asks, friendsOfFriends, introductions, reviews } from "./inbox-more.js";

export function render(root, state) {
  let alive = true;
  const status = h("p", { role: "status", class: "muted" });
  mount(root, h("h1", { tabindex: "-1" }, "Inbox"), h("p", { class: "muted" }, "Loading…"));

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
        if (alive) mount(root, h("h1", { tabindex: "-1" }, "Inbox"), h("p", { role: "alert" }, errorText(error)));
        return;
      }
      offline = true;
    }
    if (!alive) return;
    state.updateInbox();
    mount(
      root,
      h("h1", { tabindex: "-1" }, "Inbox"),
      offline ? h("p", { class: "pill pill-off" }, "From the phone's copy") : null,
      status,
      h("p", { class: "row" }, h("a", { class: "button", href: "#/review" }, "Review whom I met today"), h("a", { class: "button", href: "#/asks" }, "Asks")),
      introductions(inbox.introductions, { status, state, reload: load }),
      asks(inbox),
      reviews(inbox.reviews_due),
      h("h2", null, "Scanned your badge"),
      inbox.scans_waiting.length
        ? h("ul", { class: "people" }, inbox.scans_waiting.map((scan) => waiting(scan)))
        : h("p", { class: "empty" }, "Nobody is waiting for you to confirm."),
      inbox.follow_ups_due.length
        ? [
            h("h2", null, "Follow-ups due"),
            h(
              "ul",
              { class: "plain" },
              inbox.follow_ups_due.map((note) =>
                h(
                  "li",
                  { class: "note" },
                  h("a", { href: `#/people/${note.subject_id}` }, note.subject_name),
                  h("p", null, note.body),
                  h("p", { class: "muted" }, `Due ${day(note.follow_up_on)}`),
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
    const act = (label, run, cls) =>
      h(
        "button",
        {
          type: "button",
          class: cls,
          "aria-label": `${label}: ${p.display_name}`,
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
          h("span", { class: "person-meta" }, `Scanned you: ${meetingText({ at: scan.scanned_at, place: scan.place, event: scan.event })}`),
        ),
      ),
      h(
        "div",
        { class: "row" },
        act("Confirm", async () => {
          await api(`/api/people/${p.id}/confirm`, { method: "POST" });
          status.textContent = `You and ${p.display_name} are now friends.`;
          state.refresh();
        }, "primary"),
        h("a", { class: "button", href: "#/scan", "aria-label": `Scan back: ${p.display_name}` }, "Scan back"),
        act("Ignore", () => api(`/api/people/${p.id}/ignore`, { method: "POST" })),
      ),
    );
  }

  load();
  return () => (alive = false);
}
