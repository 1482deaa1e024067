// My friends, from the phone's copy: search as you type, by last meeting or by event.
// Works the same offline.
import { t, tx } from "../i18n.js";
import { find } from "../search.js";
import * as store from "../store.js";
import { field, h, meetingText, mount, photo } from "../ui.js";
import { nowLine } from "./now.js";

export function render(root, state) {
  let all = [];
  let order = localStorage.getItem("friends-order") ?? "last_met";
  const search = h("input", { type: "search", name: "q", autocomplete: "off", enterkeyhint: "search" });
  const results = h("div", { class: "friends" });
  const count = h("p", { class: "muted", role: "status" });
  const orders = { last_met: t("friends.by_last_met"), event: t("friends.by_event") };
  const toggles = Object.entries(orders).map(([key, label]) =>
    h(
      "button",
      {
        type: "button",
        "aria-pressed": String(key === order),
        onclick: (event) => {
          order = key;
          localStorage.setItem("friends-order", key);
          toggles.forEach((b) => b.setAttribute("aria-pressed", String(b === event.currentTarget)));
          draw();
        },
      },
      label,
    ),
  );
  search.addEventListener("input", draw);

  function draw() {
    const byLastMet = [...all].sort((a, b) => (b.last_met?.at ?? "").localeCompare(a.last_met?.at ?? ""));
    // As the server searches: accents, case and punctuation aside, other names too.
    const found = search.value.trim() ? find(byLastMet, search.value) : byLastMet;
    count.textContent = all.length ? t("friends.count", { found: found.length, n: all.length }) : "";
    if (!all.length) {
      mount(results, h("p", { class: "empty" }, t("friends.none")));
    } else if (order === "event") {
      const groups = new Map();
      for (const f of found) {
        for (const name of f.events.length ? f.events.map((e) => e.name) : [t("friends.no_event")]) {
          if (!groups.has(name)) groups.set(name, []);
          groups.get(name).push(f);
        }
      }
      mount(
        results,
        [...groups].map(([name, members]) =>
          h("section", null, h("h2", { class: "group" }, name), h("ul", { class: "people" }, members.map(personRow))),
        ),
      );
    } else {
      mount(results, h("ul", { class: "people" }, found.map(personRow)));
    }
  }

  async function load() {
    all = await store.friends();
    draw();
  }

  mount(
    root,
    h("h1", { tabindex: "-1" }, t("friends.title")),
    field(t("friends.search"), search),
    h("div", { class: "segmented", role: "group", "aria-label": t("friends.order") }, toggles),
    count,
    results,
  );
  load();
  state.refresh();
  state.events.addEventListener("copy", load);
  return () => state.events.removeEventListener("copy", load);
}

// One person of a list: photo, name, affiliation, where we last met; opens the card.
export function personRow(friend) {
  const p = friend.person;
  return h(
    "li",
    null,
    h(
      "a",
      { class: "person", href: `#/people/${p.id}` },
      photo(p.photo_url, p.display_name),
      h(
        "span",
        null,
        h("span", { class: "person-name" }, p.display_name),
        p.affiliation ? h("span", { class: "person-meta" }, p.affiliation) : null,
        friend.last_met ? h("span", { class: "person-meta" }, tx("friends.last_met", { meeting: meetingText(friend.last_met) })) : null,
        nowLine(p),
      ),
    ),
  );
}
