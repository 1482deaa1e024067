// Between conferences: my "now" line and the weekly digest (on the Profile screen), and the
// conversation starters that lead a friend's card, offline too (from the phone's copy).
import { api } from "../api.js";
import * as store from "../store.js";
import { day, errorText, field, h } from "../ui.js";

export function nowSection(state) {
  const status = h("p", { role: "status", class: "muted" });
  const line = h("input", { name: "now", maxlength: "280", autocomplete: "off", value: state.me.now?.text ?? "" });
  const digest = h("input", { type: "checkbox", name: "digest", checked: Boolean(state.me.digest) });
  const save = async (request, done) => {
    status.textContent = "Saving…";
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
    save(() => api("/api/me", { method: "PATCH", json: { digest: digest.checked } }), digest.checked ? "You will get a weekly digest." : "No more digests."),
  );
  return h(
    "section",
    { class: "card-section" },
    h("h2", null, "Now"),
    h(
      "form",
      {
        class: "stack",
        onsubmit: (event) => {
          event.preventDefault();
          const text = line.value.trim();
          save(
            () => (text ? api("/api/me/now", { method: "PUT", json: { text } }) : api("/api/me/now", { method: "DELETE" })),
            text ? "Your friends see your line." : "Cleared.",
          );
        },
      },
      field("What I'm up to", line, "One line, for your friends only. Leave empty to clear it."),
      h("button", { type: "submit" }, "Save line"),
    ),
    h("label", { class: "check" }, digest, " Mail me a weekly digest of my friends' news and asks"),
    status,
  );
}

const months = (iso) => {
  const then = new Date(iso);
  const now = new Date();
  return Math.max(0, (now.getFullYear() - then.getFullYear()) * 12 + now.getMonth() - then.getMonth() - (now.getDate() < then.getDate() ? 1 : 0));
};

const ago = (n) => (n === 0 ? "less than a month ago" : n === 1 ? "a month ago" : `${n} months ago`);

// What to open the conversation with: their line, how long since we met and where, and
// when I last noted something (the note itself, shared interests and mutual friends have
// their own sections of the card). From the server, or the phone's copy of a friend.
export function starters(card) {
  const now = card.starters?.now ?? card.person.now;
  const met = card.starters?.last_met ?? card.relationship.last_met;
  const note = card.notes?.[0];
  const lines = [
    now ? `Now: ${now.text}` : null,
    met ? `Last met ${ago(months(met.at))}${met.event ? ` at ${met.event.name}` : ""}` : null,
    note ? `Your last note is from ${day(note.created_at)}` : null,
  ].filter(Boolean);
  if (!lines.length) return null;
  return h("section", { class: "card-section starters" }, h("h2", null, "To start the conversation"), h("ul", { class: "plain" }, lines.map((l) => h("li", null, l))));
}

export const nowLine = (person) => (person.now ? h("span", { class: "person-meta" }, `Now: ${person.now.text}`) : null);
