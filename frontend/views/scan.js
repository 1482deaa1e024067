// Scan: the camera (scan-camera.js) or a code typed by hand; a badge's result (scan-result.js)
// takes the viewfinder's place until the next scan, a table's code sits down at it, and
// scans still waiting or refused by the server are listed below.
import { t, tx } from "../i18n.js";
import * as outbox from "../outbox.js";
import { day, field, h, mount } from "../ui.js";
import { startCamera } from "./scan-camera.js";
import { badgeToken, record, refusal } from "./scan-result.js";
import { tableToken } from "./table.js";

export function render(root, state) {
  let paused = false;
  let lastForeign = "";

  const place = h("input", { name: "place", autocomplete: "off", placeholder: t("scan.place_example"), maxlength: "200" });
  place.value = localStorage.getItem("place") ?? "";
  place.addEventListener("change", () => localStorage.setItem("place", place.value.trim()));
  const video = h("video", { class: "viewfinder", muted: true, playsinline: true, "aria-hidden": "true" });
  const viewfinder = h("div", { class: "camera" }, video, h("div", { class: "aim", "aria-hidden": "true" }));
  const camera = h("p", { class: "muted", role: "status" }, t("scan.camera_starting"));
  const torch = h("button", { type: "button", class: "small", hidden: true, "aria-pressed": "false" }, t("scan.torch"));
  const cameraRow = h("div", { class: "row" }, camera, torch);
  const result = h("div", { class: "result", "aria-live": "polite" });
  const queue = h("section", { class: "queue", "aria-live": "polite" });
  const code = h("input", { name: "code", autocomplete: "off", autocapitalize: "off", spellcheck: "false" });
  const next = h("button", { type: "button", class: "primary", hidden: true, onclick: resume }, t("scan.next"));

  const manual = h(
    "form",
    {
      class: "stack",
      onsubmit: (event) => {
        event.preventDefault();
        const token = badgeToken(code.value, { typed: true });
        if (!token) {
          mount(result, refusal(t("scan.not_badge_typed")));
          return;
        }
        code.value = "";
        paused = true;
        take(token);
      },
    },
    field(t("scan.code"), code, t("scan.code_hint")),
    h("button", { type: "submit" }, t("scan.look_up")),
  );

  mount(
    root,
    h("h1", { tabindex: "-1" }, t("scan.title")),
    viewfinder,
    cameraRow,
    next,
    result,
    field(t("meet.where"), place, t("scan.place_hint")),
    queue,
    h("a", { class: "button", href: "#/table" }, t("table.open")),
    h("details", { class: "manual" }, h("summary", null, t("scan.type_instead")), manual),
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
      mount(result, refusal(t("scan.not_badge")));
    }
  }

  const showQueue = async () => {
    const items = await outbox.items();
    const rejected = items.filter((i) => i.state === "rejected");
    const pending = items.length - rejected.length;
    mount(
      queue,
      pending ? h("p", { class: "pill" }, t("scan.waiting", { n: pending })) : null,
      rejected.length
        ? [
            h("h2", null, t("scan.not_recorded_title")),
            h(
              "ul",
              { class: "plain" },
              rejected.map((item) =>
                h(
                  "li",
                  { class: "rejected" },
                  h("p", null, tx(item.place ? "scan.refused_at" : "scan.refused", { date: day(item.scanned_at), place: item.place, reason: item.reason })),
                  h("button", { type: "button", class: "small", onclick: () => outbox.dismiss(item.client_id) }, t("scan.dismiss")),
                ),
              ),
            ),
          ]
        : null,
    );
  };
  outbox.events.addEventListener("change", showQueue);
  showQueue();
  const stop = startCamera({ video, status: camera, torch, paused: () => paused, onCode: read });
  return () => {
    stop();
    outbox.events.removeEventListener("change", showQueue);
  };
}
