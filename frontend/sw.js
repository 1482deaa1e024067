// Met Before's service worker (a classic script). The shell and the badge decoder are
// precached under a versioned name; old versions are deleted on activate. Writes are
// never intercepted (the outbox in the page retries them), and /api/* is never answered
// with the HTML shell.
// The server puts a hash of the shell's files here (pwa.py): a changed file is a new version.
const VERSION = "unversioned";
const SHELL = `mb-shell-${VERSION}`;
const MEDIA = "mb-media"; // photos; emptied by the page on sign-out

const FILES = [
  "/index.html",
  "/manifest.webmanifest",
  "/styles.css",
  "/app.js",
  "/api.js",
  "/store.js",
  "/outbox.js",
  "/passkeys.js",
  "/search.js",
  "/folding.js",
  "/ui.js",
  "/i18n.js",
  "/locales/en.json",
  "/locales/es.json",
  "/locales/fr.json",
  "/locales/de.json",
  "/locales/pt-BR.json",
  "/locales/ja.json",
  "/locales/zh-CN.json",
  "/locales/ar.json",
  "/views/account.js",
  "/views/addresses.js",
  "/views/asks.js",
  "/views/badge.js",
  "/views/blocked.js",
  "/views/card.js",
  "/views/card-notes.js",
  "/views/events.js",
  "/views/friends.js",
  "/views/inbox.js",
  "/views/inbox-more.js",
  "/views/introduce.js",
  "/views/language.js",
  "/views/meet.js",
  "/views/now.js",
  "/views/organize.js",
  "/views/passkeys.js",
  "/views/photo.js",
  "/views/profile.js",
  "/views/review.js",
  "/views/scan.js",
  "/views/scan-camera.js",
  "/views/scan-result.js",
  "/views/sessions.js",
  "/views/signin.js",
  "/views/table.js",
  "/views/venue-networks.js",
  "/icons/icon.svg",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/maskable-512.png",
  "/icons/apple-touch-icon.png",
  "/vendor/barcode-detector/ponyfill.js",
  "/vendor/barcode-detector/zxing-exported.js",
  "/vendor/zxing-wasm/zxing_reader.wasm",
];

// Pages that are the app itself: /, a sign-in link, a badge URL, a table, an event link.
const APP_PAGE = /^\/(index\.html)?$|^\/signin$|^\/(m|t|events)\/[^/]+\/?$/;
const PHOTO = /^\/api\/(people|notes)\/[^/]+\/photo$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) => cache.addAll(FILES.map((url) => new Request(url, { cache: "reload" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith("mb-shell-") && n !== SHELL).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (APP_PAGE.test(url.pathname)) event.respondWith(fromShell("/index.html", request));
    return;
  }
  if (url.pathname.startsWith("/api/")) {
    if (PHOTO.test(url.pathname)) event.respondWith(photo(request));
    return;
  }
  event.respondWith(fromShell(url.pathname, request));
});

async function fromShell(path, request) {
  const cache = await caches.open(SHELL);
  return (await cache.match(path)) ?? fetch(request);
}

// Photo URLs carry their version (?v=…), so a stored copy is never stale.
async function photo(request) {
  const cache = await caches.open(MEDIA);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

// Background Sync, where the browser has it, only wakes the page: the page sends.
self.addEventListener("sync", (event) => {
  if (event.tag !== "outbox") return;
  event.waitUntil(
    self.clients.matchAll({ type: "window" }).then((clients) => clients.forEach((c) => c.postMessage("flush"))),
  );
});
