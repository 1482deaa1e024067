// My data (#/account): my addresses (see addresses.js), my passkeys, my signed-in devices
// (sessions.js), the people I blocked (blocked.js), my friends as vCard or CSV, everything
// held about me as JSON, and deleting my account with a mailed code.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { errorText, field, h, mount, notify } from "../ui.js";
import { addressesSection } from "./addresses.js";
import { blockedSection } from "./blocked.js";
import * as passkeys from "./passkeys.js";
import { sessionsSection } from "./sessions.js";

export function render(root, state) {
  let alive = true;
  const eventChoice = h("select", { name: "event" }, h("option", { value: "" }, t("account.all_friends")));
  const vcf = h("a", { class: "button", href: "/api/friends.vcf", download: "met-before-friends.vcf" }, t("account.vcard"));
  const csv = h("a", { class: "button", href: "/api/friends.csv", download: "met-before-friends.csv" }, t("account.csv"));
  eventChoice.addEventListener("change", () => {
    const query = eventChoice.value ? `?event=${encodeURIComponent(eventChoice.value)}` : "";
    vcf.href = `/api/friends.vcf${query}`;
    csv.href = `/api/friends.csv${query}`;
  });

  mount(
    root,
    h("h1", { tabindex: "-1" }, t("account.title")),
    addressesSection(state),
    passkeys.section(),
    sessionsSection(),
    blockedSection(),
    h(
      "section",
      { class: "card-section" },
      h("h2", null, t("account.export")),
      field(t("account.met_at"), eventChoice),
      h("div", { class: "row" }, vcf, csv),
      h("p", null, h("a", { href: "/api/me/export", download: "met-before-export.json" }, t("account.everything"))),
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
        if (!confirm(t("account.delete_sure"))) return;
        status.textContent = t("account.deleting");
        try {
          await api("/api/me", { method: "DELETE", json: { code: code.value.trim() } });
        } catch (error) {
          status.textContent = errorText(error);
          return;
        }
        await state.signOut();
        notify(t("account.deleted"));
      },
    },
    field(t("account.code"), code, t("account.code_hint")),
    h("button", { type: "submit", class: "danger" }, t("account.delete")),
  );
  return h(
    "section",
    { class: "card-section" },
    h("h2", null, t("account.delete")),
    h("p", null, t("account.delete_lead")),
    h(
      "button",
      {
        type: "button",
        class: "danger",
        onclick: async ({ currentTarget: button }) => {
          status.textContent = t("common.sending");
          try {
            await api("/api/me/delete-code", { method: "POST" });
            status.textContent = t("account.code_sent");
            button.hidden = true;
            confirmStep.hidden = false;
            code.focus();
          } catch (error) {
            status.textContent = errorText(error);
          }
        },
      },
      t("account.send_code"),
    ),
    confirmStep,
    status,
  );
}
