// The phone's own copy (IndexedDB): my profile and badges, my friends with their cards
// and my notes, and hashes of their badge tokens. Refreshed whenever the server answers;
// read when it does not. The outbox (outbox.js) lives in the same database.
import { api, text } from "./api.js";

let opening;

function open() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open("metbefore", 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore("kv");
      const friends = db.createObjectStore("friends", { keyPath: "person.id" });
      friends.createIndex("hash", "badge_hashes", { multiEntry: true });
      db.createObjectStore("outbox", { keyPath: "client_id" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

const done = (request) =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

const committed = (tx) =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error);
  });

export async function get(store, key) {
  return done((await open()).transaction(store).objectStore(store).get(key));
}

export async function getAll(store) {
  return done((await open()).transaction(store).objectStore(store).getAll());
}

export async function put(store, value, key) {
  const tx = (await open()).transaction(store, "readwrite");
  tx.objectStore(store).put(value, key);
  return committed(tx);
}

export async function remove(store, key) {
  const tx = (await open()).transaction(store, "readwrite");
  tx.objectStore(store).delete(key);
  return committed(tx);
}

// Read-modify-write in one transaction: change(value) returns the new value, or null to
// delete it. Answers what change() returned.
export async function update(store, key, change) {
  const tx = (await open()).transaction(store, "readwrite");
  const objects = tx.objectStore(store);
  const next = change(await done(objects.get(key)));
  if (next === null) objects.delete(key);
  else if (next !== undefined) objects.put(next);
  await committed(tx);
  return next;
}

export async function friendByHash(hash) {
  return done((await open()).transaction("friends").objectStore("friends").index("hash").get(hash));
}

export async function friend(id) {
  return get("friends", id);
}

export async function friends() {
  return getAll("friends");
}

// Fetch everything the phone keeps, then swap it in at once.
export async function refresh() {
  const [me, badges, copy] = await Promise.all([api("/api/me"), api("/api/me/badges"), api("/api/me/offline")]);
  const svgs = await Promise.all(badges.map((b) => text(b.qr_svg)));
  badges.forEach((badge, i) => (badge.svg = svgs[i]));
  const tx = (await open()).transaction(["kv", "friends"], "readwrite");
  const kv = tx.objectStore("kv");
  kv.put(me, "me");
  kv.put(badges, "badges");
  kv.put(copy.generated_at, "synced_at");
  const list = tx.objectStore("friends");
  list.clear();
  for (const item of copy.friends) list.put(item);
  await committed(tx);
  warmPhotos(copy.friends);
  return { me, badges, friends: copy.friends };
}

// My asks and my friends' (with the introductions that answer mine), for the Asks screen
// offline. Kept apart from the friends' copy: a failure here leaves that one whole.
export async function refreshAsks() {
  const [asks, introductions] = await Promise.all([api("/api/asks"), api("/api/introductions")]);
  const copy = { asks, introductions };
  await put("kv", copy, "asks");
  return copy;
}

// Ask for friends' small photos and my notes' photos once, so the service worker has them
// for offline cards.
function warmPhotos(friends) {
  if (!navigator.serviceWorker?.controller) return;
  for (const f of friends.slice(0, 300)) {
    if (f.person.photo_url) fetch(`${f.person.photo_url}&size=small`).catch(() => {});
    for (const note of f.notes) if (note.photo_url) fetch(note.photo_url).catch(() => {});
  }
}

export async function wipe() {
  const tx = (await open()).transaction(["kv", "friends", "outbox"], "readwrite");
  for (const name of ["kv", "friends", "outbox"]) tx.objectStore(name).clear();
  await committed(tx);
}
