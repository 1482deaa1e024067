// Scans wait here (IndexedDB) until the server has them. Each carries its client UUID,
// so sending one twice records it once; a scan leaves the outbox only once the server
// answered, and a rejected one stays, with its reason, until the person dismisses it.
import { api, ApiError } from "./api.js";
import { t } from "./i18n.js";
import * as store from "./store.js";
import { errorText } from "./ui.js";

export const events = new EventTarget();
// Server answers of this session, by client id: the scan screen shows the full card.
export const results = new Map();

export async function enqueue({ token, place }) {
  const item = {
    client_id: crypto.randomUUID(),
    token,
    scanned_at: new Date().toISOString(),
    place,
    note: "",
    state: "pending",
  };
  await store.put("outbox", item);
  changed();
  navigator.serviceWorker?.ready.then((r) => r.sync?.register("outbox")).catch(() => {});
  return item;
}

// Adds at a table are scans too (each counts as a scan of that person): they wait here
// the same way, and the time of the tap goes with them.
export async function enqueueAdds({ token, person_ids }) {
  const item = { client_id: crypto.randomUUID(), kind: "table-add", token, person_ids, scanned_at: new Date().toISOString(), place: "", state: "pending" };
  await store.put("outbox", item);
  changed();
  return item;
}

// A note written with no network (on a card from the phone's copy) waits here with the
// client UUID it was made with: replayed, or sent twice at once, it is stored once.
export async function enqueueNote({ person_id, note }) {
  await store.put("outbox", { client_id: note.client_id, kind: "note", person_id, note, scanned_at: new Date().toISOString(), place: "", state: "pending" });
  changed();
}

// A note written before the scan reached the server travels with it. False when the scan
// has already left the outbox: then the note goes straight to the API.
export async function setNote(clientId, note) {
  const kept = await store.update("outbox", clientId, (item) => (item ? { ...item, note, note_id: crypto.randomUUID() } : undefined));
  return Boolean(kept);
}

export async function items() {
  const all = await store.getAll("outbox");
  return all.sort((a, b) => a.scanned_at.localeCompare(b.scanned_at));
}

export async function dismiss(clientId) {
  await store.remove("outbox", clientId);
  changed();
}

let running = null;
let again = false;

// One sender at a time; a flush asked for meanwhile runs once more after it, so a scan
// queued during a send is not left waiting for the next trigger.
export function flush() {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await send();
    } while (again);
  })().finally(() => (running = null));
  return running;
}

// 4xx other than these is the server saying no (revoked badge, own badge): keep it to
// show. These and 5xx mean "not now": try again later.
const RETRY = new Set([401, 408, 425, 429]);

async function send() {
  for (const queued of await items()) {
    if (queued.state !== "pending") continue;
    try {
      await sendOne(queued);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500 || RETRY.has(error.status)) break;
      await store.update("outbox", queued.client_id, (item) =>
        item ? { ...item, state: "rejected", reason: errorText(error), code: error.code } : undefined,
      );
    } finally {
      changed();
    }
  }
}

async function sendAdds(item) {
  const table = await api(`/api/tables/${item.token}/add`, {
    method: "POST",
    json: { person_ids: item.person_ids, added_at: item.scanned_at },
    timeout: 10000,
  });
  await store.remove("outbox", item.client_id);
  events.dispatchEvent(new CustomEvent("synced", { detail: { clientId: item.client_id, table, token: item.token } }));
}

async function sendNote(item) {
  await api(`/api/people/${item.person_id}/notes`, { method: "POST", json: item.note, timeout: 10000 });
  await store.remove("outbox", item.client_id);
}

async function sendOne(queued) {
  if (queued.kind === "table-add") return sendAdds(queued);
  if (queued.kind === "note") return sendNote(queued);
  let item = queued;
  if (!item.person_id) {
    const result = await api("/api/scans", {
      method: "POST",
      json: { client_id: item.client_id, token: item.token, scanned_at: item.scanned_at, place: item.place },
      timeout: 10000,
    });
    results.set(item.client_id, result);
    const sent = { person_id: result.card.person.id, encounter_id: result.encounter.id };
    item = await store.update("outbox", item.client_id, (it) => (it ? { ...it, ...sent } : undefined));
    events.dispatchEvent(new CustomEvent("synced", { detail: { clientId: queued.client_id, result } }));
    if (!item) return;
  }
  // Send the note, if any, then leave the outbox in the same transaction that checks that
  // no newer note was written meanwhile.
  let sentNote = "";
  const id = item.client_id;
  while ((await store.update("outbox", id, (it) => (it?.note && it.note !== sentNote ? undefined : null))) !== null) {
    const { note, note_id: noteId } = await store.get("outbox", id);
    sentNote = note;
    try {
      await api(`/api/people/${item.person_id}/notes`, {
        method: "POST",
        json: { client_id: noteId, body: sentNote, encounter_id: item.encounter_id },
      });
    } catch (error) {
      // Its own code: the reason is already in the reader's words, not to be looked up again.
      if (error instanceof ApiError) throw new ApiError(error.status, "note_not_saved", t("scan.note_not_saved", { reason: errorText(error) }));
      throw error;
    }
  }
}

async function changed() {
  const all = await items();
  const pending = all.filter((i) => i.state === "pending");
  const detail = {
    // A table's add of three people is three scans; a note on its own is a note.
    scans: pending.reduce((n, i) => n + (i.kind === "note" ? 0 : (i.person_ids?.length ?? 1)), 0),
    notes: pending.filter((i) => i.kind === "note").length,
    rejected: all.filter((i) => i.state === "rejected"),
  };
  events.dispatchEvent(new CustomEvent("change", { detail }));
}
