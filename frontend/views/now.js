// Between conferences: my "now" line and the weekly digest (on the Profile screen), and the
// conversation starters that lead a friend's card, offline too (from the phone's copy).
import { api } from "../api.js";
import * as store from "../store.js";
import { errorText, field, h } from "../ui.js";

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

// The server's starters, or the same worked out from the phone's copy of a friend.
export function starters(card) {
  const s = card.starters ?? {
    now: card.person.now,
    last_note: card.notes?.[0]?.body ?? null,
    last_met: card.relationship.last_met,
    shared_interests: [],
    mutual_friends: [],
  };
  const lines = [
    s.now ? `Now: ${s.now.text}` : null,
    s.last_note ? `Your note last time: ${s.last_note}` : null,
    s.last_met ? `Last met ${months(s.last_met.at)} months ago${s.last_met.event ? ` at ${s.last_met.event.name}` : ""}` : null,
    s.shared_interests.length ? `You both like ${s.shared_interests.join(", ")}` : null,
    s.mutual_friends.length ? `You both know ${s.mutual_friends.map((p) => p.display_name).join(", ")}` : null,
  ].filter(Boolean);
  if (!lines.length) return null;
  return h("section", { class: "card-section starters" }, h("h2", null, "To start the conversation"), h("ul", { class: "plain" }, lines.map((l) => h("li", null, l))));
}

export const nowLine = (person) => (person.now ? h("span", { class: "person-meta" }, `Now: ${person.now.text}`) : null);
