// One badge scanned: is it ours, then the scan into the outbox, its card shown at once
// from the phone's copy and replaced by the server's answer when it comes. Used by the
// Scan screen and by the badge page (/m/{token}).
import { api } from "../api.js";
import { t, tx } from "../i18n.js";
import * as outbox from "../outbox.js";
import * as store from "../store.js";
import { h, mount, sha256hex } from "../ui.js";
import { cardView, fromCopy, headline, newNoteForm, postNote } from "./card.js";

const TOKEN = /^[A-Za-z0-9_-]{16,200}$/;

// Only badge URLs of this very origin (…/m/<token>); a bare token only when typed.
export function badgeToken(text, { typed = false } = {}) {
  const value = text.trim();
  let url;
  try {
    url = new URL(value);
  } catch {
    return typed && TOKEN.test(value) ? value : null;
  }
  if (url.origin !== location.origin) return null;
  const match = url.pathname.match(/^\/m\/([A-Za-z0-9_-]{16,200})\/?$/);
  return match ? match[1] : null;
}

export const refusal = (text) => h("p", { class: "verdict verdict-no", role: "alert" }, text);

export async function record(token, { place, target, state }) {
  if (state.badges.some((b) => b.token === token)) {
    mount(target, refusal(t("scan.own_badge")));
    return;
  }
  const known = await store.friendByHash(await sha256hex(token));
  const item = await outbox.enqueue({ token, place });
  let answer = null;
  let rejected = null;

  const addNote = async (body) => {
    if (!answer && (await outbox.setNote(item.client_id, body))) return t("scan.note_queued");
    answer ??= outbox.results.get(item.client_id);
    return postNote(answer.card.person.id, body, answer.encounter.id);
  };

  // One note form for every state of the result, so that what is typed survives the
  // copy's card being replaced by the server's.
  const noteForm = newNoteForm(addNote, () => answer && reloadCard(answer, show));
  let waited = !navigator.onLine;
  const show = () => {
    const focused = noteForm.contains(document.activeElement) ? document.activeElement : null;
    if (rejected) {
      mount(target, refusal(t("scan.not_recorded", { reason: rejected })));
    } else if (answer) {
      const lead = [
        verdict(headline(answer.card, answer.first_meeting), answer.first_meeting, answer.card.notes[0]),
        h("p", { class: "muted" }, t(answer.replayed ? "scan.replayed" : "scan.recorded")),
      ];
      mount(target, cardView(answer.card, { lead, noteForm, state, reload: () => reloadCard(answer, show), encounterId: answer.encounter.id }));
    } else if (known) {
      const card = fromCopy(known);
      const lead = [verdict(headline(card, false), false, card.notes[0]), waited ? h("p", { class: "pill" }, t("scan.saved_offline")) : null];
      mount(target, cardView(card, { lead, noteForm, state }));
    } else {
      mount(
        target,
        h(
          "div",
          { class: "card" },
          waited
            ? [h("p", { class: "verdict" }, t("scan.saved_later")), h("p", { class: "muted" }, t("scan.waits"))]
            : h("p", { class: "verdict" }, t("scan.looking_up")),
          noteForm,
        ),
      );
    }
    focused?.focus();
  };

  const onSynced = (event) => {
    if (event.detail.clientId !== item.client_id) return;
    answer = event.detail.result;
    outbox.events.removeEventListener("synced", onSynced);
    if (target.isConnected) show();
  };
  outbox.events.addEventListener("synced", onSynced);
  show();
  await outbox.flush();
  answer ??= outbox.results.get(item.client_id) ?? null;
  waited = !answer;
  const now = await store.get("outbox", item.client_id);
  if (now?.state === "rejected") rejected = now.reason;
  if (answer) state.refresh();
  if (target.isConnected) show();
}

async function reloadCard(answer, show) {
  // Offline now: keep showing what we have.
  answer.card = await api(`/api/people/${answer.card.person.id}`).catch(() => answer.card);
  show();
}

function verdict(text, first, note) {
  return h(
    "div",
    { class: `verdict ${first ? "verdict-new" : "verdict-met"}` },
    h("p", { class: "verdict-text" }, text),
    !first && note ? h("p", null, tx("scan.your_note", { note: note.body })) : null,
  );
}
