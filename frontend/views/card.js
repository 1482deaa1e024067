// The "met before" card of one person: from the server when it answers, else from the
// phone's copy. Also drawn under a scan result (views/scan.js). Its notes: card-notes.js.
import { api, Offline } from "../api.js";
import { language, list as listed, t, tx } from "../i18n.js";
import * as outbox from "../outbox.js";
import * as store from "../store.js";
import { starters } from "./now.js";
import { day, errorText, h, meetingText, moreButton, mount, notify, photo } from "../ui.js";
import { notesView } from "./card-notes.js";
import { photoButton } from "./photo.js";

export { newNoteForm } from "./card-notes.js";

export function render(root, state) {
  const [id] = state.params;
  let alive = true;
  mount(root, h("h1", { tabindex: "-1" }, t("common.loading")));

  async function load() {
    let card;
    try {
      card = await api(`/api/people/${encodeURIComponent(id)}`);
    } catch (error) {
      const copy = error instanceof Offline ? await store.friend(id) : null;
      if (!copy) {
        if (alive) mount(root, h("h1", { tabindex: "-1" }, t("card.unavailable")), h("p", { role: "alert" }, errorText(error)));
        return;
      }
      card = fromCopy(copy);
    }
    if (!alive) return;
    mount(root, cardView(card, { heading: "h1", reload: load, addNote: (body) => postNote(card.person.id, body), state }));
  }

  load();
  return () => (alive = false);
}

// With no network the note waits in the outbox, under the client UUID it was made with.
export async function postNote(personId, body, encounterId) {
  const note = { client_id: crypto.randomUUID(), body, ...(encounterId ? { encounter_id: encounterId } : {}) };
  try {
    await api(`/api/people/${personId}/notes`, { method: "POST", json: note });
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
    await outbox.enqueueNote({ person_id: personId, note });
    // Also as a notice: the card may be drawn again from the phone's copy meanwhile.
    const saved = t("card.note_queued");
    notify(saved);
    return saved;
  }
  return t("card.note_saved");
}

// A friend from the phone's copy, in the card's shape.
export function fromCopy(friend) {
  return {
    person: friend.person,
    relationship: {
      status: "mutual",
      times_met: friend.times_met,
      first_met: friend.first_met,
      last_met: friend.last_met,
      meetings_by_event: [],
      earlier_meetings: null,
    },
    notes: friend.notes,
    older_notes: null,
    met_at_events: friend.events,
    offline: true,
  };
}

// "You've met before — Ana Lima, first at ConfX 2025, booth 12, 3 Mar 2025"
export function headline(card, firstMeeting) {
  const { display_name: name, affiliation } = card.person;
  if (firstMeeting) {
    return affiliation ? tx("card.first_time_from", { name, affiliation }) : tx("card.first_time", { name });
  }
  const meeting = meetingText(card.relationship.first_met);
  return meeting ? tx("card.met_before_at", { name, meeting }) : tx("card.met_before", { name });
}

export function cardView(card, { heading = "h2", reload, addNote, noteForm, state, lead, encounterId }) {
  const { person } = card;
  const online = !card.offline;
  const subtitle = [person.title, person.affiliation].filter(Boolean).join(", ");
  return h(
    "article",
    { class: "card", "aria-labelledby": `card-${person.id}` },
    lead,
    h(
      "header",
      { class: "card-head" },
      photo(person.photo_url, person.display_name, "large"),
      h(
        "div",
        null,
        h(heading, { id: `card-${person.id}`, tabindex: "-1" }, person.display_name),
        person.pronouns ? h("p", { class: "muted" }, person.pronouns) : null,
        person.other_names?.length ? h("p", { class: "muted" }, tx("card.also_known", { names: listed(person.other_names, "narrow") })) : null,
        subtitle ? h("p", null, subtitle) : null,
      ),
    ),
    card.offline ? h("p", { class: "pill pill-off" }, t("common.from_copy")) : null,
    starters(card),
    relationshipView(card),
    online ? actions(card, reload, state) : null,
    section(t("card.my_notes"), notesView(card, { reload, addNote, noteForm, online })),
    online && reload ? photoButton(card, { encounterId, saved: async () => (await reload(), state?.refresh()) }) : null,
    aboutView(person),
    online && card.mutual_friends?.count
      ? section(
          t("card.mutual_friends", { n: card.mutual_friends.count }),
          h("p", null, listed(card.mutual_friends.some.map((p) => p.display_name), "narrow")),
        )
      : null,
    card.events_in_common?.length ? section(t("card.events_in_common"), list(card.events_in_common.map((e) => e.name))) : null,
    card.shared_interests?.length ? section(t("card.shared_interests"), h("p", null, listed(card.shared_interests, "narrow"))) : null,
    meetingsView(card, online),
  );
}

function actions(card, reload, state) {
  const { person, relationship: rel } = card;
  const name = person.display_name;
  const status = h("p", { role: "status", class: "muted" });
  const act = (label, run, cls = "") =>
    h(
      "button",
      {
        type: "button",
        class: cls,
        onclick: async ({ currentTarget: button }) => {
          button.disabled = true;
          try {
            await run();
          } catch (error) {
            status.textContent = errorText(error);
            button.disabled = false;
          }
        },
      },
      label,
    );
  const buttons = [];
  const more = [];
  if (rel.status === "pending" && rel.they_scanned && !rel.i_scanned) {
    buttons.push(
      act(
        t("card.confirm"),
        async () => {
          await api(`/api/people/${person.id}/confirm`, { method: "POST" });
          state?.refresh();
          state?.updateInbox();
          await reload();
        },
        "primary",
      ),
    );
  }
  if (rel.status === "mutual") {
    buttons.push(h("a", { class: "button", href: `#/introduce/${person.id}` }, t("card.introduce")));
  }
  if (rel.status !== "none") {
    more.push(
      act(t("card.remove"), async () => {
        if (!confirm(t("card.remove_sure", { name }))) return;
        await api(`/api/people/${person.id}/connection`, { method: "DELETE" });
        state?.refresh();
        await reload();
      }),
    );
  }
  more.push(
    act(
      t("card.block"),
      async () => {
        if (!confirm(t("card.block_sure", { name }))) return;
        await api(`/api/people/${person.id}/block`, { method: "POST" });
        state?.refresh();
        location.hash = "#/friends";
      },
      "danger",
    ),
  );
  // The drastic ones wait behind one more tap.
  return h(
    "div",
    { class: "actions" },
    buttons,
    h("details", { class: "more" }, h("summary", null, t("card.remove_or_block")), h("div", { class: "row" }, more)),
    status,
  );
}

const LINK_NAMES = { mastodon: "Mastodon", bluesky: "Bluesky", linkedin: "LinkedIn", facebook: "Facebook", x: "X" };

function aboutView(person) {
  const links = Object.entries(person.links ?? {});
  if (!person.bio && !links.length && !person.email && !person.interests?.length) return null;
  return section(
    t("card.about"),
    person.bio ? h("p", { class: "bio" }, person.bio) : null,
    person.interests?.length ? h("p", null, tx("card.interests", { interests: listed(person.interests, "narrow") })) : null,
    person.email ? h("p", null, h("a", { href: `mailto:${person.email}` }, person.email)) : null,
    links.length
      ? h(
          "ul",
          { class: "links" },
          links.map(([kind, value]) =>
            h(
              "li",
              null,
              t("card.link", { kind: kind === "website" ? t("card.website") : (LINK_NAMES[kind] ?? kind) }),
              /^https?:\/\//i.test(value) ? h("a", { href: value, rel: "noopener noreferrer", target: "_blank" }, value) : value,
            ),
          ),
        )
      : null,
  );
}

// "3 Mar 2025 · ConfX 2025 · booth 12 · they scanned"
function meetingLine(meeting, withEvent) {
  const by = meeting.i_scanned ? "" : t("card.they_scanned");
  return [day(meeting.started_at, meeting.event?.timezone), withEvent ? meeting.event?.name : "", meeting.place, by].filter(Boolean).join(" · ");
}

function meetingsView(card, online) {
  const { person, relationship: rel } = card;
  if (!rel.meetings_by_event?.length) {
    return card.met_at_events?.length ? section(t("card.met_at"), list(card.met_at_events.map((e) => e.name))) : null;
  }
  const earlier = h("ul", { class: "plain" });
  return section(
    t("card.meetings"),
    rel.events_together ? h("p", { class: "muted" }, t("card.events_together", { n: rel.events_together })) : null,
    rel.meetings_by_event.map((group) =>
      h("div", null, h("h4", null, group.event?.name ?? t("card.no_event")), list(group.meetings.map((m) => meetingLine(m, false)))),
    ),
    earlier,
    online && rel.earlier_meetings
      ? moreButton(t("card.earlier"), `/api/people/${person.id}/meetings`, rel.earlier_meetings, (items) =>
          earlier.append(...items.map((m) => h("li", null, meetingLine(m, true)))),
        )
      : null,
  );
}

function relationshipView({ relationship: rel }) {
  const status = {
    mutual: t("card.friends"),
    pending: rel.they_scanned && !rel.i_scanned ? t("card.they_scanned_you") : t("card.waiting"),
    none: t("card.not_connected"),
  }[rel.status];
  return h(
    "dl",
    { class: "facts" },
    fact(t("card.status"), status),
    rel.times_met ? fact(t("card.times_met"), rel.times_met.toLocaleString(language())) : null,
    rel.first_met ? fact(t("card.first_met"), meetingText(rel.first_met)) : null,
    rel.last_met ? fact(t("card.last_met"), meetingText(rel.last_met)) : null,
    rel.introduced_by ? fact(t("card.introduced_by"), rel.introduced_by.display_name) : null,
  );
}

function fact(term, value) {
  return [h("dt", null, term), h("dd", null, value)];
}

function section(title, ...children) {
  return h("section", { class: "card-section" }, h("h3", null, title), children);
}

function list(items) {
  return h("ul", { class: "plain" }, items.map((text) => h("li", null, text)));
}
