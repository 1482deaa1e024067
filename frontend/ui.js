// Small DOM helpers. Everything is built with createElement and textContent, so nothing
// that came from the server is ever parsed as markup.
import { api } from "./api.js";
import { language, t } from "./i18n.js";

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  el.append(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return el;
}

// Replace a screen's content; a focused heading stays focused in the new content, so a
// screen that loads after it was announced does not drop the screen reader's place.
export function mount(root, ...children) {
  const headingFocused = document.activeElement?.tagName === "H1" && root.contains(document.activeElement);
  root.replaceChildren(...children.flat().filter(Boolean));
  if (headingFocused) root.querySelector("h1")?.focus();
}

const dateFormats = new Map();

// The phone's time zone: "today" is the person's day, not the server's.
export const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

// A date as the app's language writes it, on the calendar of `zone` (an event's IANA zone;
// else the phone's). A bare date ("2026-11-30") is that day wherever the phone is.
export function day(iso, zone) {
  if (!iso) return "";
  const timeZone = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? "UTC" : zone;
  const key = `${language()} ${timeZone ?? ""}`;
  if (!dateFormats.has(key)) {
    let format;
    try {
      format = new Intl.DateTimeFormat(language(), { dateStyle: "medium", timeZone });
    } catch {
      format = new Intl.DateTimeFormat(language(), { dateStyle: "medium" }); // a zone this browser lacks
    }
    dateFormats.set(key, format);
  }
  return dateFormats.get(key).format(new Date(iso));
}

// "ConfX 2025, booth 12, 3 Mar 2025" (the day at the event's place), each part isolated (<bdi>): a Latin place keeps its
// order beside an Arabic date (which carries its own right-to-left marks), and the reverse.
export function meetingText(meeting) {
  if (!meeting) return "";
  const parts = [meeting.event?.name, meeting.place, day(meeting.at, meeting.event?.timezone)].filter(Boolean);
  return h("span", null, parts.map((part, i) => [i ? t("common.separator") : null, h("bdi", null, part)]));
}

export function field(label, input, hint) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hintEl);
}

export function photo(url, name, size = "small") {
  if (!url) return h("span", { class: `avatar avatar-${size}`, "aria-hidden": "true" }, initials(name));
  const src = size === "small" ? `${url}&size=small` : url;
  return h("img", { class: `avatar avatar-${size}`, src, alt: "", loading: "lazy", decoding: "async" });
}

function initials(name) {
  return (name || "?").split(/\s+/).slice(0, 2).map((w) => w[0]?.toUpperCase() ?? "").join("");
}

// A button that fetches a long list's next page from a cursor (online only) and hands its
// items to add(); gone when there is nothing more. The card shows the newest this way.
export function moreButton(label, path, cursor, add) {
  const status = h("p", { role: "status", class: "muted" });
  let before = cursor;
  const button = h(
    "button",
    {
      type: "button",
      class: "small",
      onclick: async () => {
        button.disabled = true;
        try {
          const page = await api(`${path}?before=${encodeURIComponent(before)}`);
          add(page.items);
          before = page.next;
          if (!before) button.remove();
          status.textContent = "";
        } catch (error) {
          status.textContent = errorText(error);
        }
        button.disabled = false;
      },
    },
    label,
  );
  return h("div", { class: "more-items" }, button, status);
}

const NOTICES_SHOWN = 3;

// Announced through the live region in index.html; an optional action button. Notices
// stack (the newest last) so that one never hides another before it is read: each goes
// after 6 s, or, with an action, when it is used or the stack is full.
export function notify(text, action) {
  const box = document.getElementById("notices");
  for (const shown of box.children) if (shown.dataset.text === text) shown.remove();
  const notice = h("div", { class: "notice", "data-text": text }, h("span", null, text));
  if (action) {
    notice.append(h("button", { type: "button", class: "link", onclick: () => { notice.remove(); action.run(); } }, action.label));
  } else {
    setTimeout(() => notice.remove(), 6000);
  }
  box.append(notice);
  while (box.children.length > NOTICES_SHOWN) box.firstElementChild.remove();
}

// An API error's stable code in the reader's language where the catalog has it, else the
// server's own words, else its status.
export function errorText(error) {
  if (error?.name === "Offline") return t("error.offline");
  const known = error?.code && t(`error.${error.code}`);
  if (known && known !== `error.${error.code}`) return known;
  // A status is a code, not a number to localise: it stays as the server sent it.
  return error?.message || (error?.status ? t("error.http", { status: String(error.status) }) : t("error.generic"));
}

export async function sha256hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
