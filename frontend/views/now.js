// Between conferences: my "now" line and the weekly digest (on the Profile screen), and the
// conversation starters that lead a friend's card, offline too (from the phone's copy).
import { api } from "../api.js";
import { ago, t, tx } from "../i18n.js";
import * as store from "../store.js";
import { day, errorText, field, h } from "../ui.js";

export function nowSection(state) {
  const status = h("p", { role: "status", class: "muted" });
  const line = h("input", { name: "now", maxlength: "280", autocomplete: "off", value: state.me.now?.text ?? "" });
  const digest = h("input", { type: "checkbox", name: "digest", checked: Boolean(state.me.digest) });
  const save = async (request, done) => {
    status.textContent = t("common.saving");
    try {
      await request();
      state.me = await api("/api/me");
      await store.put("kv", state.me, "me");
      status.textContent = done;
    } catch (error) {
      status.textContent = errorText(error);
    }
  };
  digest.addEventListener("change", () =>
    save(() => api("/api/me", { method: "PATCH", json: { digest: digest.checked } }), t(digest.checked ? "now.digest_on" : "now.digest_off")),
  );
  return h(
    "section",
    { class: "card-section" },
    h("h2", null, t("now.title")),
    h(
      "form",
      {
        class: "stack",
        onsubmit: (event) => {
          event.preventDefault();
          const text = line.value.trim();
          save(
            () => (text ? api("/api/me/now", { method: "PUT", json: { text } }) : api("/api/me/now", { method: "DELETE" })),
            t(text ? "now.saved" : "now.cleared"),
          );
        },
      },
      field(t("now.what"), line, t("now.hint")),
      h("button", { type: "submit" }, t("now.save")),
    ),
    h("label", { class: "check" }, digest, " ", t("now.digest")),
    status,
  );
}

const months = (iso) => {
  const then = new Date(iso);
  const now = new Date();
  return Math.max(0, (now.getFullYear() - then.getFullYear()) * 12 + now.getMonth() - then.getMonth() - (now.getDate() < then.getDate() ? 1 : 0));
};

// "Last met 14 months ago at ConfX 2025", the time as the language says it.
function lastMet(met) {
  const n = months(met.at);
  const event = met.event?.name;
  if (!n) return event ? tx("starters.met_recent_at", { event }) : t("starters.met_recent");
  const when = ago(n, "month");
  return event ? tx("starters.met_ago_at", { when, event }) : t("starters.met_ago", { when });
}

// What to open the conversation with: their line, how long since we met and where, and
// when I last noted something (the note itself, shared interests and mutual friends have
// their own sections of the card). From the server, or the phone's copy of a friend.
export function starters(card) {
  const now = card.starters?.now ?? card.person.now;
  const met = card.starters?.last_met ?? card.relationship.last_met;
  const note = card.notes?.[0];
  const lines = [
    now ? tx("now.line", { text: now.text }) : null,
    met ? lastMet(met) : null,
    note ? t("starters.note", { day: day(note.created_at) }) : null,
  ].filter(Boolean);
  if (!lines.length) return null;
  return h("section", { class: "card-section starters" }, h("h2", null, t("starters.title")), h("ul", { class: "plain" }, lines.map((l) => h("li", null, l))));
}

export const nowLine = (person) => (person.now ? h("span", { class: "person-meta" }, tx("now.line", { text: person.now.text })) : null);
