// Scan: rear camera, decoded by the browser's BarcodeDetector or, where there is none,
// the zxing-wasm polyfill served by our own origin (loaded only when this screen opens).
// Every scan goes into the outbox first; the card shows at once from the phone's copy
// and is replaced by the server's answer when it comes.
import { api } from "../api.js";
import * as outbox from "../outbox.js";
import * as store from "../store.js";
import { day, field, h, mount, sha256hex } from "../ui.js";
import { cardView, fromCopy, headline, newNoteForm, postNote } from "./card.js";
import { tableToken } from "./table.js";

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

let detecting = null;

function loadDetector() {
  detecting ??= (async () => {
    if ("BarcodeDetector" in window) {
      try {
        if ((await BarcodeDetector.getSupportedFormats()).includes("qr_code")) return new BarcodeDetector({ formats: ["qr_code"] });
      } catch {
        // fall through to the polyfill
      }
    }
    const { BarcodeDetector: Polyfill, prepareZXingModule } = await import("/vendor/barcode-detector/ponyfill.js");
    prepareZXingModule({
      overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? `/vendor/zxing-wasm/${path}` : prefix + path) },
    });
    return new Polyfill({ formats: ["qr_code"] });
  })();
  detecting.catch(() => (detecting = null));
  return detecting;
}

export function render(root, state) {
  let stopped = false;
  let paused = false;
  let stream = null;
  let timer = null;
  let lastForeign = "";

  const place = h("input", { name: "place", autocomplete: "off", placeholder: "e.g. booth 12", maxlength: "200" });
  place.value = localStorage.getItem("place") ?? "";
  place.addEventListener("change", () => localStorage.setItem("place", place.value.trim()));
  const video = h("video", { class: "viewfinder", muted: true, playsinline: true, "aria-hidden": "true" });
  const viewfinder = h("div", { class: "camera" }, video, h("div", { class: "aim", "aria-hidden": "true" }));
  const camera = h("p", { class: "muted", role: "status" }, "Starting the camera…");
  const torch = h("button", { type: "button", class: "small", hidden: true, "aria-pressed": "false" }, "Torch");
  const cameraRow = h("div", { class: "row" }, camera, torch);
  const result = h("div", { class: "result", "aria-live": "polite" });
  const queue = h("section", { class: "queue", "aria-live": "polite" });
  const code = h("input", { name: "code", autocomplete: "off", autocapitalize: "off", spellcheck: "false" });
  const next = h("button", { type: "button", class: "primary", hidden: true, onclick: resume }, "Scan next badge");

  const manual = h(
    "form",
    {
      class: "stack",
      onsubmit: (event) => {
        event.preventDefault();
        const token = badgeToken(code.value, { typed: true });
        if (!token) {
          mount(result, h("p", { class: "verdict verdict-no", role: "alert" }, "That is not a Met Before badge."));
          return;
        }
        code.value = "";
        paused = true;
        take(token);
      },
    },
    field("Badge code or link", code, "No camera? Type the code printed under the QR, or paste the badge link."),
    h("button", { type: "submit" }, "Look up"),
  );

  mount(
    root,
    h("h1", { tabindex: "-1" }, "Scan a badge"),
    viewfinder,
    cameraRow,
    next,
    result,
    field("Where are you?", place, "Saved with each scan, e.g. a booth or a session."),
    queue,
    h("a", { class: "button", href: "#/table" }, "Open a table"),
    h("details", { class: "manual" }, h("summary", null, "Type a code instead"), manual),
  );

  // While a result shows, the viewfinder steps aside so the card is at the top.
  function take(token) {
    next.hidden = false;
    viewfinder.hidden = cameraRow.hidden = true;
    record(token, { place: place.value.trim(), target: result, state });
  }

  function resume() {
    paused = false;
    next.hidden = true;
    viewfinder.hidden = cameraRow.hidden = false;
    result.replaceChildren();
    lastForeign = "";
  }

  async function start() {
    if (!navigator.mediaDevices?.getUserMedia) {
      camera.textContent = "This browser cannot use a camera here. Type the code instead.";
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (error) {
      camera.textContent =
        error.name === "NotAllowedError"
          ? "Camera permission was denied. Allow the camera for this site in your browser's settings, or type the code below."
          : error.name === "NotFoundError"
            ? "No camera found. Type the code below."
            : "The camera could not start. Type the code below.";
      return;
    }
    if (stopped) return stop();
    video.srcObject = stream;
    await video.play().catch(() => {});
    const track = stream.getVideoTracks()[0];
    if (track?.getCapabilities?.().torch) {
      torch.hidden = false;
      torch.onclick = async () => {
        const on = torch.getAttribute("aria-pressed") !== "true";
        await track.applyConstraints({ advanced: [{ torch: on }] }).catch(() => {});
        torch.setAttribute("aria-pressed", String(on));
      };
    }
    camera.textContent = "Loading the scanner…";
    let detector;
    try {
      detector = await loadDetector();
    } catch {
      camera.textContent = "The scanner could not load. Type the code below.";
      return;
    }
    camera.textContent = "Point the camera at a badge's QR code.";
    const tick = async () => {
      if (stopped) return;
      if (!paused && video.readyState >= 2) {
        const codes = await detector.detect(video).catch(() => []);
        if (codes.length && !paused && !stopped) read(codes[0].rawValue);
      }
      timer = setTimeout(tick, 120);
    };
    tick();
  }

  function read(raw) {
    const table = tableToken(raw);
    if (table) return state.go(`#/table/${table}`); // a table's code: sit down at it
    const token = badgeToken(raw);
    if (token) {
      paused = true;
      navigator.vibrate?.(40);
      take(token);
    } else if (raw !== lastForeign) {
      lastForeign = raw;
      mount(result, h("p", { class: "verdict verdict-no", role: "alert" }, "Not a Met Before badge."));
    }
  }

  function stop() {
    stopped = true;
    clearTimeout(timer);
    stream?.getTracks().forEach((t) => t.stop());
  }

  const showQueue = async () => {
    const items = await outbox.items();
    const rejected = items.filter((i) => i.state === "rejected");
    const pending = items.length - rejected.length;
    mount(
      queue,
      pending ? h("p", { class: "pill" }, `${pending} scan${pending === 1 ? "" : "s"} waiting to sync`) : null,
      rejected.length
        ? [
            h("h2", null, "Not recorded"),
            h(
              "ul",
              { class: "plain" },
              rejected.map((item) =>
                h(
                  "li",
                  { class: "rejected" },
                  h("p", null, `Scan of ${day(item.scanned_at)}${item.place ? `, ${item.place}` : ""}: ${item.reason}`),
                  h("button", { type: "button", class: "small", onclick: () => outbox.dismiss(item.client_id) }, "Dismiss"),
                ),
              ),
            ),
          ]
        : null,
    );
  };
  outbox.events.addEventListener("change", showQueue);
  showQueue();
  start();
  return () => {
    stop();
    outbox.events.removeEventListener("change", showQueue);
  };
}

// Record one scan: into the outbox, shown at once from the phone's copy, then from the
// server's answer. Also used by the badge page (/m/{token}).
export async function record(token, { place, target, state }) {
  if (state.badges.some((b) => b.token === token)) {
    mount(target, h("p", { class: "verdict verdict-no", role: "alert" }, "That is your own badge."));
    return;
  }
  const known = await store.friendByHash(await sha256hex(token));
  const item = await outbox.enqueue({ token, place });
  let answer = null;
  let rejected = null;

  const addNote = async (body) => {
    if (!answer && (await outbox.setNote(item.client_id, body))) return "Note saved. It is sent with the scan.";
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
      mount(target, h("p", { class: "verdict verdict-no", role: "alert" }, `Not recorded: ${rejected}`));
    } else if (answer) {
      const lead = [
        verdict(headline(answer.card, answer.first_meeting), answer.first_meeting, answer.card.notes[0]),
        h("p", { class: "muted" }, answer.replayed ? "This scan was already recorded." : "Meeting recorded."),
      ];
      mount(target, cardView(answer.card, { lead, noteForm, state, reload: () => reloadCard(answer, show), encounterId: answer.encounter.id }));
    } else if (known) {
      const card = fromCopy(known);
      const lead = [verdict(headline(card, false), false, card.notes[0]), waited ? h("p", { class: "pill" }, "Saved — syncs when you're back online") : null];
      mount(target, cardView(card, { lead, noteForm, state }));
    } else {
      mount(
        target,
        h(
          "div",
          { class: "card" },
          waited
            ? [
                h("p", { class: "verdict" }, "Saved — details when you're back online."),
                h("p", { class: "muted" }, "The scan waits on this phone and is sent as soon as there is a network."),
              ]
            : h("p", { class: "verdict" }, "Looking up…"),
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
    !first && note ? h("p", null, `Your note: ${note.body}`) : null,
  );
}
