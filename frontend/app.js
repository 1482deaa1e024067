// The shell: routes (#/name/param), the signed-in person, the phone's copy, the outbox
// status, the network state and the service worker's notices.
import { ApiError, Offline, api } from "./api.js";
import * as i18n from "./i18n.js";
import * as outbox from "./outbox.js";
import * as passkeys from "./passkeys.js";
import * as store from "./store.js";
import { errorText, h, mount, notify, timeZone } from "./ui.js";
import * as account from "./views/account.js";
import * as asks from "./views/asks.js";
import * as badge from "./views/badge.js";
import * as card from "./views/card.js";
import * as events from "./views/events.js";
import * as friends from "./views/friends.js";
import * as inbox from "./views/inbox.js";
import * as introduce from "./views/introduce.js";
import * as meet from "./views/meet.js";
import * as profile from "./views/profile.js";
import * as review from "./views/review.js";
import * as scan from "./views/scan.js";
import * as signin from "./views/signin.js";
import * as table from "./views/table.js";

// The organizers' screens load when one opens: most people never do (pwa.ON_DEMAND).
const organize = {
  render(root, state) {
    let leave = null;
    let gone = false;
    mount(root, h("p", { class: "muted" }, i18n.t("common.loading")));
    import("./views/organize.js")
      .then((screen) => {
        if (gone) return;
        leave = screen.render(root, state) ?? null;
        root.querySelector("h1")?.focus();
      })
      .catch((error) => gone || mount(root, h("p", { role: "alert" }, errorText(error))));
    return () => {
      gone = true;
      leave?.();
    };
  },
};

const views = { signin, badge, scan, friends, people: card, inbox, profile, meet, review, introduce, account, events, organize, table, asks };
const root = document.getElementById("app");

const state = {
  me: null,
  badges: [],
  params: [],
  events: new EventTarget(), // "copy": the phone's copy was refreshed
  go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
  async signedIn(me) {
    // Someone else's copy and queued scans must not carry over to this person.
    if ((await store.get("kv", "owner")) !== me.id) await store.wipe();
    state.me = me;
    if (me.language && !i18n.chosen()) await i18n.choose(me.language); // chosen on another phone
    await store.put("kv", me.id, "owner");
    await store.put("kv", me, "me");
    const next = sessionStorage.getItem("after-signin") || "#/badge";
    sessionStorage.removeItem("after-signin");
    state.go(next);
    refresh();
    outbox.flush();
    updateInbox();
  },
  async signOut() {
    await api("/api/auth/logout", { method: "POST" }).catch(() => {});
    await forget(true);
    state.go("#/signin");
  },
  refresh: () => refresh(),
  updateInbox: () => updateInbox(),
};

let leave = null;
let firstRender = true;

function route() {
  const [name, ...params] = location.hash.replace(/^#\/?/, "").split("/");
  let view = views[name] ?? (state.me ? badge : signin);
  if (!state.me && view !== signin) {
    sessionStorage.setItem("after-signin", location.hash);
    view = signin;
  }
  if (state.me && view === signin) view = badge;
  state.params = params.map(decodeURIComponent);
  leave?.();
  leave = view.render(root, state) ?? null;
  document.getElementById("tabs").hidden = !state.me;
  speak();
  for (const tab of document.querySelectorAll("[data-tab]")) {
    if (tab.dataset.tab === name) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  // Move focus to the new screen's heading so screen readers announce it.
  if (!firstRender) root.querySelector("h1")?.focus();
  firstRender = false;
}

// index.html's own words (English, for the first paint) in the reader's language, again
// after a change of language.
function speak() {
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = i18n.t(el.dataset.t);
  for (const el of document.querySelectorAll("[data-t-label]")) el.setAttribute("aria-label", i18n.t(el.dataset.tLabel));
}

async function refresh() {
  if (!state.me) return;
  try {
    const copy = await store.refresh();
    state.me = copy.me;
    state.badges = copy.badges;
    state.events.dispatchEvent(new Event("copy"));
    await store.refreshAsks();
  } catch (error) {
    if (!(error instanceof Offline || error instanceof ApiError)) throw error;
  }
}

async function updateInbox() {
  const count = document.getElementById("inbox-count");
  if (!state.me) return;
  try {
    const { count: n } = await api(`/api/inbox?tz=${encodeURIComponent(timeZone())}`);
    count.hidden = n === 0;
    count.textContent = n;
    count.setAttribute("aria-label", i18n.t("shell.inbox_waiting", { n }));
  } catch {
    // offline: keep the last count
  }
}

// Personal data leaves the phone with the session. Queued scans stay unless the person
// signs out on purpose: they are not lost to an expired session.
async function forget(everything) {
  state.me = null;
  state.badges = [];
  if (everything) await store.wipe();
  else await Promise.all([store.put("kv", null, "me"), store.put("kv", [], "badges")]);
  await caches?.delete("mb-media").catch(() => {});
}

function showPending({ detail }) {
  const pill = document.getElementById("pending");
  const { scans, notes } = detail;
  const rejected = detail.rejected.length;
  pill.hidden = scans + notes + rejected === 0;
  pill.classList.toggle("pill-warn", rejected > 0);
  pill.textContent = [
    scans ? i18n.t("scan.waiting", { n: scans }) : "",
    notes ? i18n.t("shell.notes_waiting", { n: notes }) : "",
    rejected ? i18n.t("shell.not_recorded", { n: rejected }) : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

function showNetwork() {
  document.getElementById("net").hidden = navigator.onLine;
}

let updating = false;

function offerUpdate(worker) {
  notify(i18n.t("shell.update_ready"), {
    label: i18n.t("shell.reload"),
    run: () => {
      updating = true;
      worker.postMessage("skip-waiting");
    },
  });
}

function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  const container = navigator.serviceWorker;
  // Installed = precached. With a worker already in charge it is an update, which waits
  // until the person reloads; without one, the app has just become available offline.
  const track = (worker) =>
    worker?.addEventListener("statechange", () => {
      if (worker.state !== "installed") return;
      if (container.controller) offerUpdate(worker);
      else notify(i18n.t("shell.offline_ready"));
    });
  container.register("/sw.js").then((registration) => {
    if (registration.waiting && container.controller) offerUpdate(registration.waiting);
    track(registration.installing);
    registration.addEventListener("updatefound", () => track(registration.installing));
  });
  container.addEventListener("controllerchange", () => {
    if (updating) location.reload();
  });
  container.addEventListener("message", (event) => {
    if (event.data === "flush") outbox.flush();
  });
}

async function entry() {
  // A mailed sign-in link (/signin#token=…) or a badge read by the phone's camera (/m/…).
  if (location.pathname === "/signin") {
    const token = new URLSearchParams(location.hash.slice(1)).get("token");
    history.replaceState(null, "", "/#/signin");
    if (token) {
      try {
        return await api("/api/auth/verify", { method: "POST", json: { token } });
      } catch (error) {
        notify(error instanceof ApiError ? i18n.t("shell.link_expired") : errorText(error));
      }
    }
  } else if (location.pathname.startsWith("/m/")) {
    history.replaceState(null, "", `/#/meet/${location.pathname.slice(3).replace(/\/$/, "")}`);
  } else if (location.pathname.startsWith("/t/")) {
    // A table's code read by the phone's own camera: sitting down records no meeting.
    history.replaceState(null, "", `/#/table/${location.pathname.slice(3).replace(/\/$/, "")}`);
  } else if (location.pathname.startsWith("/events/")) {
    // An event's shared link: its page offers to join.
    history.replaceState(null, "", `/#/events/${location.pathname.slice(8).replace(/\/$/, "")}`);
  }
  return null;
}

async function boot() {
  await i18n.start();
  speak();
  registerWorker();
  outbox.events.addEventListener("change", showPending);
  window.addEventListener("online", () => {
    showNetwork();
    outbox.flush();
    refresh();
  });
  window.addEventListener("offline", showNetwork);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      outbox.flush();
      updateInbox();
    }
  });
  window.addEventListener("mb:signed-out", async () => {
    if (!state.me) return;
    await forget(false);
    notify(i18n.t("shell.session_ended"));
    route();
  });
  window.addEventListener("hashchange", route);
  showNetwork();

  const linked = await entry();
  state.me = linked ?? (await store.get("kv", "me")) ?? null;
  state.badges = (await store.get("kv", "badges")) ?? [];
  if (linked) sessionStorage.removeItem("after-signin");
  if (state.me && !linked) {
    route();
    refresh();
  } else if (linked) {
    await state.signedIn(linked);
    passkeys.offer(); // the mailed link is a sign-in by mail too
  } else {
    try {
      state.me = (await api("/api/session")).me;
      await refresh();
    } catch {
      state.me = null;
    }
    route();
  }
  outbox.flush();
  updateInbox();
}

boot();
