// The app's words in the reader's language: one JSON catalog per locale (locales/), the
// language chosen on the Profile screen (kept on the account and on this phone) or else
// the browser's. A catalog maps a key to a text with {named} placeholders, or to plural
// forms by Intl.PluralRules' categories, chosen by {n}. People's names, notes and places
// are never translated: they go in as placeholders, isolated (<bdi>) where mixed.

export const LOCALES = ["en", "es", "fr", "de", "pt-BR", "ja", "zh-CN", "ar"];
const RIGHT_TO_LEFT = new Set(["ar"]);
const CHOICE = "language";

let current = "en";
let words = {};
let english = {};

// The locale we speak for a BCP 47 tag: itself, else one of its language (as the server).
function supported(tag) {
  const lower = String(tag).toLowerCase();
  return (
    LOCALES.find((code) => code.toLowerCase() === lower) ??
    LOCALES.find((code) => code.split("-")[0].toLowerCase() === lower.split("-")[0])
  );
}

export function negotiate(tags) {
  for (const tag of tags) {
    const found = supported(tag);
    if (found) return found;
  }
  return "en";
}

export const chosen = () => localStorage.getItem(CHOICE);
export const language = () => current;

async function catalog(code) {
  try {
    const answer = await fetch(`/locales/${code}.json`); // the shell's cache when offline
    return answer.ok ? await answer.json() : {};
  } catch {
    return {};
  }
}

// Load the language to speak (a choice, else the browser's) before anything renders.
export async function start() {
  const choice = chosen();
  current = LOCALES.includes(choice) ? choice : negotiate(navigator.languages ?? [navigator.language]);
  [english, words] = await Promise.all([catalog("en"), current === "en" ? null : catalog(current)]);
  words ??= english;
  document.documentElement.lang = current;
  document.documentElement.dir = RIGHT_TO_LEFT.has(current) ? "rtl" : "ltr";
}

// Keep a choice on this phone (null: follow the browser again) and speak it from now on.
export async function choose(code) {
  if (code && LOCALES.includes(code)) localStorage.setItem(CHOICE, code);
  else localStorage.removeItem(CHOICE);
  await start();
}

function entry(key, params) {
  let text = words[key] ?? english[key] ?? key;
  if (typeof text === "object") text = text[new Intl.PluralRules(current).select(params.n)] ?? text.other;
  return text;
}

function shown(value) {
  return typeof value === "number" ? new Intl.NumberFormat(current).format(value) : String(value);
}

// The text for `key`, its placeholders filled.
export function t(key, params = {}) {
  return entry(key, params).replace(/\{(\w+)\}/g, (whole, name) => (name in params ? shown(params[name]) : whole));
}

// The same as nodes, each placeholder's value isolated in a <bdi>: a Latin address or name
// inside an Arabic sentence (and the reverse) keeps its own direction. A value that is a
// node already (say, ui.meetingText) goes in as it is.
export function tx(key, params = {}) {
  return entry(key, params)
    .split(/(\{\w+\})/)
    .filter(Boolean)
    .map((part) => {
      const name = part.match(/^\{(\w+)\}$/)?.[1];
      if (!name || !(name in params)) return part;
      if (params[name] instanceof Node) return params[name]; // isolated by its maker
      const isolated = document.createElement("bdi");
      isolated.textContent = shown(params[name]);
      return isolated;
    });
}

// "1 friend, 2 notes and 3 events", as the language joins a list ("narrow": "Ana, Ben").
export function list(items, style = "long") {
  return new Intl.ListFormat(current, { style, type: "conjunction" }).format(items);
}

// "14 months ago", "vor 14 Monaten": n units before now.
export function ago(n, unit) {
  return new Intl.RelativeTimeFormat(current, { numeric: "always" }).format(-n, unit);
}

// A language's own name for itself, for the picker ("日本語", "العربية").
export function nameOf(code) {
  const name = new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}
