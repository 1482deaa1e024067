// My events, joining one by its link, and an event's page with the people I've met who
// will be there. The last event pages stay on the phone, for the venue's missing Wi-Fi.
import { api, Offline } from "../api.js";
import { language, t, tx } from "../i18n.js";
import * as store from "../store.js";
import { personRow } from "./friends.js";
import { day, errorText, field, h, mount, notify } from "../ui.js";

const KEPT_PAGES = 10;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function render(root, state) {
  return state.params[0] ? eventPage(root, state, state.params[0]) : eventList(root, state);
}

// Event dates are calendar days, not instants: formatted in UTC so no zone shifts them;
// a range as the language writes one ("4–6 May 2026", "2026年5月4日～6日").
export function dates(event) {
  if (!event.starts_on) return "";
  const format = new Intl.DateTimeFormat(language(), { dateStyle: "medium", timeZone: "UTC" });
  const [from, to] = [event.starts_on, event.ends_on ?? event.starts_on].map((d) => new Date(d));
  return to > from ? format.formatRange(from, to) : format.format(from);
}

// A pasted link (https://…/events/confx-2025, #/events/confx-2025) or the bare slug.
export function slugFrom(text) {
  const value = text.trim().toLowerCase();
  const linked = value.match(/\/events\/([a-z0-9-]+)/);
  const slug = linked ? linked[1] : value;
  return SLUG.test(slug) ? slug : null;
}

function eventList(root, state) {
  let alive = true;
  const list = h("div", null, h("p", { class: "muted" }, t("common.loading")));
  const link = h("input", { name: "event", autocomplete: "off", autocapitalize: "none", spellcheck: "false", required: true });
  const problem = h("p", { class: "error", role: "alert" });
  const join = h(
    "form",
    {
      class: "stack",
      onsubmit: (event) => {
        event.preventDefault();
        const slug = slugFrom(link.value);
        problem.textContent = slug ? "" : t("events.not_a_link");
        if (slug) state.go(`#/events/${slug}`);
      },
    },
    field(t("events.link"), link, t("events.link_hint")),
    problem,
    h("button", { type: "submit" }, t("events.open")),
  );

  async function load() {
    let events;
    let offline = false;
    try {
      events = await api("/api/events");
      await store.put("kv", events, "my-events");
    } catch (error) {
      events = error instanceof Offline ? await store.get("kv", "my-events") : null;
      if (!events) {
        if (alive) mount(list, h("p", { role: "alert" }, errorText(error)));
        return;
      }
      offline = true;
    }
    if (!alive) return;
    mount(
      list,
      offline ? h("p", { class: "pill pill-off" }, t("common.from_copy")) : null,
      events.length
        ? h("ul", { class: "people" }, events.map(eventRow))
        : h("p", { class: "empty" }, t("events.none")),
    );
  }

  mount(
    root,
    h("h1", { tabindex: "-1" }, t("events.title")),
    list,
    h("h2", null, t("events.join_title")),
    join,
    h("h2", null, t("events.organizing")),
    h("a", { class: "button", href: "#/organize" }, t("events.create")),
  );
  load();
  return () => (alive = false);
}

function eventRow(event) {
  const role = event.i_organize ? t("events.organizer") : event.i_attend ? t("events.registered") : "";
  return h(
    "li",
    null,
    h(
      "a",
      { class: "person", href: `#/events/${event.slug}` },
      h(
        "span",
        null,
        h("span", { class: "person-name" }, event.name),
        h("span", { class: "person-meta" }, [dates(event), event.city].filter(Boolean).join(" · ")),
        role ? h("span", { class: "person-meta" }, role) : null,
      ),
    ),
  );
}

async function keptPages() {
  return (await store.get("kv", "event-pages")) ?? [];
}

async function keep(page) {
  const pages = (await keptPages()).filter((p) => p.event.slug !== page.event.slug);
  await store.put("kv", [page, ...pages].slice(0, KEPT_PAGES), "event-pages");
}

function eventPage(root, state, slug) {
  let alive = true;
  mount(root, h("h1", { tabindex: "-1" }, t("common.loading")));

  async function load() {
    let page;
    try {
      const [event, friends] = await Promise.all([
        api(`/api/events/${encodeURIComponent(slug)}`),
        api(`/api/events/${encodeURIComponent(slug)}/friends-attending`),
      ]);
      page = { event, friends, saved_at: new Date().toISOString() };
      await keep(page);
    } catch (error) {
      const copy = error instanceof Offline ? (await keptPages()).find((p) => p.event.slug === slug) : null;
      if (!copy) {
        const text = error.status === 404 ? t("events.not_found") : errorText(error);
        if (alive) mount(root, h("h1", { tabindex: "-1" }, t("events.unavailable")), h("p", { role: "alert" }, text), backLink());
        return;
      }
      page = { ...copy, offline: true };
    }
    if (alive) draw(page);
  }

  function draw({ event, friends, offline, saved_at }) {
    const where = [event.venue, event.city].filter(Boolean).join(", ");
    const status = h("p", { role: "status", class: "muted" });
    mount(
      root,
      h("h1", { tabindex: "-1" }, event.name),
      offline ? h("p", { class: "pill pill-off" }, t("events.from_copy_at", { date: day(saved_at) })) : null,
      h(
        "dl",
        { class: "facts" },
        dates(event) ? [h("dt", null, t("events.when")), h("dd", null, dates(event))] : null,
        where ? [h("dt", null, t("events.where")), h("dd", null, where)] : null,
        h("dt", null, t("events.timezone")),
        h("dd", null, event.timezone),
      ),
      registration(event, status, offline),
      status,
      event.i_organize ? h("a", { class: "button", href: `#/organize/${event.slug}` }, t("events.manage")) : null,
      friendsView(friends),
      backLink(),
    );
  }

  function registration(event, status, offline) {
    if (event.i_attend) return h("p", { class: "verdict verdict-met" }, t("events.you_are_registered"));
    if (event.join_policy !== "open") return h("p", { class: "muted" }, t("events.by_invitation"));
    return h(
      "button",
      {
        type: "button",
        class: "primary",
        disabled: offline,
        onclick: async (click) => {
          click.currentTarget.disabled = true;
          try {
            await api(`/api/events/${encodeURIComponent(slug)}/join`, { method: "POST" });
            notify(t("events.registered_for", { event: event.name }));
            state.refresh();
            await load();
          } catch (error) {
            status.textContent = errorText(error);
            click.currentTarget.disabled = false;
          }
        },
      },
      t("events.join"),
    );
  }

  load();
  return () => (alive = false);
}

function backLink() {
  return h("p", null, h("a", { class: "button", href: "#/events" }, t("events.all_mine")));
}

// "3 friends from ConfX 2025 will be here": grouped by where we last met.
function friendsView(friends) {
  const heading = h("h2", null, t("events.friends_here"));
  if (!friends.count) return h("section", null, heading, h("p", { class: "empty" }, t("events.nobody_here")));
  const groups = new Map();
  for (const item of friends.items) {
    const from = item.last_met?.event?.name ?? "";
    groups.set(from, (groups.get(from) ?? 0) + 1);
  }
  const line = ([from, n]) => h("li", null, from ? tx("events.friends_from", { n, from }) : t("events.friends_elsewhere", { n }));
  const more = friends.count - friends.items.length;
  return h(
    "section",
    { "aria-labelledby": "friends-here" },
    h("h2", { id: "friends-here" }, t("events.friends_here")),
    h("ul", { class: "summary" }, [...groups].map(line)),
    h("ul", { class: "people" }, friends.items.map(personRow)),
    more > 0 ? h("p", { class: "muted" }, t("events.and_more", { n: more })) : null,
  );
}
