// The evening review: whom I met today (in the event's time zone, else the phone's), with
// a note, tags and a follow-up day for each while memory is fresh. #/review[/day[/event]].
// The last answer for each day stays on the phone, so the list reads offline too.
import { api, Offline } from "../api.js";
import { t } from "../i18n.js";
import * as store from "../store.js";
import { day, errorText, field, h, meetingText, mount, photo, timeZone } from "../ui.js";

export const tagList = (text) => [...new Set(text.split(",").map((tag) => tag.trim()).filter(Boolean))];

export function render(root, state) {
  const [date, event] = state.params;
  const query = new URLSearchParams({ tz: timeZone() });
  if (date) query.set("day", date);
  if (event) query.set("event", event);
  const key = `review?${query}`;
  let alive = true;
  mount(root, h("h1", { tabindex: "-1" }, t("review.title")), h("p", { class: "muted" }, t("common.loading")));

  async function load() {
    let review;
    let offline = false;
    try {
      review = await api(`/api/met-today?${query}`);
      // One kept copy per screen address: today's review replaces yesterday's.
      await store.put("kv", review, key);
    } catch (error) {
      review = error instanceof Offline ? await store.get("kv", key) : null;
      if (!review) {
        if (alive) mount(root, h("h1", { tabindex: "-1" }, t("review.title")), h("p", { role: "alert" }, errorText(error)));
        return;
      }
      offline = true;
    }
    if (!alive) return;
    const waiting = review.people.filter((p) => !p.has_note).length;
    mount(
      root,
      h("h1", { tabindex: "-1" }, date ? t("review.title_on", { date: day(review.day) }) : t("review.title")),
      h(
        "p",
        { class: "lead" },
        [review.event?.name, day(review.day), review.timezone].filter(Boolean).join(" · "),
      ),
      offline ? h("p", { class: "pill pill-off" }, t("common.from_copy")) : null,
      h(
        "p",
        { role: "status", class: "muted" },
        review.people.length
          ? waiting
            ? t("review.waiting", { n: waiting, total: review.people.length })
            : t("review.all_noted")
          : t("review.nobody"),
      ),
      h("ul", { class: "people review" }, review.people.map((met) => item(met, review, offline))),
    );
  }

  function item(met, review, offline) {
    const p = met.person;
    const status = h("p", { role: "status", class: "muted" });
    const body = h("textarea", { name: "note", rows: "2", maxlength: "5000", required: true });
    const tags = h("input", { name: "tags", autocomplete: "off", maxlength: "440", enterkeyhint: "done" });
    const followUp = h("input", { type: "date", name: "follow_up_on" });
    const form = h(
      "form",
      {
        class: "stack",
        onsubmit: async (e) => {
          e.preventDefault();
          const text = body.value.trim();
          if (!text) return;
          const note = { body: text, tags: tagList(tags.value) };
          if (followUp.value) note.follow_up_on = followUp.value;
          if (met.event) note.event = met.event.slug;
          status.textContent = t("common.saving");
          try {
            await api(`/api/people/${p.id}/notes`, { method: "POST", json: note });
            state.updateInbox();
            await load();
            root.querySelector("h1")?.focus();
          } catch (error) {
            status.textContent = errorText(error);
          }
        },
      },
      field(t("review.note_about", { name: p.display_name }), body),
      field(t("review.tags_for", { name: p.display_name }), tags, t("review.tags_hint")),
      field(t("review.follow_up_with", { name: p.display_name }), followUp),
      h("button", { type: "submit", class: "primary" }, t("review.save_for", { name: p.display_name })),
      status,
    );
    return h(
      "li",
      { class: met.has_note ? "reviewed" : "unreviewed" },
      h(
        "a",
        { class: "person", href: `#/people/${p.id}` },
        photo(p.photo_url, p.display_name),
        h(
          "span",
          null,
          h("span", { class: "person-name" }, p.display_name),
          p.affiliation ? h("span", { class: "person-meta" }, p.affiliation) : null,
          h("span", { class: "person-meta" }, meetingText({ at: met.first_at, place: met.place, event: met.event })),
        ),
      ),
      met.notes.length
        ? h(
            "ul",
            { class: "notes" },
            met.notes.map((n) =>
              h(
                "li",
                { class: "note" },
                h("p", { class: "note-body" }, n.body),
                n.tags.length || n.follow_up_on
                  ? h("p", { class: "muted" }, [...n.tags.map((tag) => `#${tag}`), n.follow_up_on ? t("review.follow_up_on", { date: day(n.follow_up_on) }) : ""].filter(Boolean).join(" "))
                  : null,
              ),
            ),
          )
        : null,
      offline ? null : met.has_note ? h("details", { class: "more" }, h("summary", null, t("review.another")), form) : form,
    );
  }

  load();
  return () => (alive = false);
}
