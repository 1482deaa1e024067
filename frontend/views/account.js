// My data (#/account): my addresses (see addresses.js), my passkeys, my signed-in devices
// (sessions.js), the people I blocked (blocked.js), my friends as vCard or CSV, everything held about me as JSON, and deleting my
// account with a mailed code.
import { api } from "../api.js";
import { errorText, field, h, mount, notify } from "../ui.js";
import { addressesSection } from "./addresses.js";
import { blockedSection } from "./blocked.js";
import * as passkeys from "./passkeys.js";
import { sessionsSection } from "./sessions.js";

export function render(root, state) {
  let alive = true;
  const eventChoice = h("select", { name: "event" }, h("option", { value: "" }, "All my friends"));
  const vcf = h("a", { class: "button", href: "/api/friends.vcf", download: "met-before-friends.vcf" }, "Friends as vCard");
  const csv = h("a", { class: "button", href: "/api/friends.csv", download: "met-before-friends.csv" }, "Friends as spreadsheet (CSV)");
  eventChoice.addEventListener("change", () => {
    const query = eventChoice.value ? `?event=${encodeURIComponent(eventChoice.value)}` : "";
    vcf.href = `/api/friends.vcf${query}`;
    csv.href = `/api/friends.csv${query}`;
  });

  mount(
    root,
    h("h1", { tabindex: "-1" }, "My data"),
    addressesSection(state),
    passkeys.section(),
    sessionsSection(),
    blockedSection(),
    h(
      "section",
      { class: "card-section" },
      h("h2", null, "Export"),
      field("Friends met at", eventChoice),
      h("div", { class: "row" }, vcf, csv),
      h("p", null, h("a", { href: "/api/me/export", download: "met-before-export.json" }, "Everything Met Before holds about me (JSON)")),
    ),
    deletion(state),
  );

  // The export is the one place that lists the events I attend.
  async function load() {
    let mine;
    try {
      mine = await api("/api/me/export");
    } catch {
      return; // offline: all my friends, still
    }
    if (!alive) return;
    eventChoice.replaceChildren(
      eventChoice.firstChild,
      ...mine.events.map(({ event }) => h("option", { value: event.slug }, event.name)),
    );
  }

  load();
  return () => (alive = false);
}

// Two steps: a code mailed to me, then the code typed and one more confirmation.
function deletion(state) {
  const status = h("p", { role: "status", class: "muted" });
  const code = h("input", { name: "code", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6", pattern: "[0-9]{6}", required: true });
  const confirmStep = h(
    "form",
    {
      class: "stack",
      hidden: true,
      onsubmit: async (event) => {
        event.preventDefault();
        if (!confirm("Delete your account for good? Your profile, photos, notes and badges go, and this cannot be undone.")) return;
        status.textContent = "Deleting…";
        try {
          await api("/api/me", { method: "DELETE", json: { code: code.value.trim() } });
        } catch (error) {
          status.textContent = errorText(error);
          return;
        }
        await state.signOut();
        notify("Your account is deleted.");
      },
    },
    field("Confirmation code", code, "The 6 digits from the email we just sent."),
    h("button", { type: "submit", class: "danger" }, "Delete my account"),
  );
  return h(
    "section",
    { class: "card-section" },
    h("h2", null, "Delete my account"),
    h("p", null, "Your profile, photos, badges, notes and sessions are deleted. People you met keep their own notes about you."),
    h(
      "button",
      {
        type: "button",
        class: "danger",
        onclick: async ({ currentTarget: button }) => {
          status.textContent = "Sending…";
          try {
            status.textContent = (await api("/api/me/delete-code", { method: "POST" })).message;
            button.hidden = true;
            confirmStep.hidden = false;
            code.focus();
          } catch (error) {
            status.textContent = errorText(error);
          }
        },
      },
      "Email me a deletion code",
    ),
    confirmStep,
    status,
  );
}
