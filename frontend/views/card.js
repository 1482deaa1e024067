// The "met before" card of one person: from the server when it answers, else from the
// phone's copy. Also drawn under a scan result (views/scan.js).
import { api, Offline } from "../api.js";
import * as outbox from "../outbox.js";
import * as store from "../store.js";
import { starters } from "./now.js";
import { day, errorText, field, h, meetingText, mount, notify, photo } from "../ui.js";
import { notePhoto, photoButton } from "./photo.js";
import { tagList } from "./review.js";

export function render(root, state) {
  const [id] = state.params;
  let alive = true;
  mount(root, h("h1", { tabindex: "-1" }, "Loading…"));

  async function load() {
    let card;
    try {
      card = await api(`/api/people/${encodeURIComponent(id)}`);
    } catch (error) {
      const copy = error instanceof Offline ? await store.friend(id) : null;
      if (!copy) {
        if (alive) mount(root, h("h1", { tabindex: "-1" }, "Not available"), h("p", { role: "alert" }, errorText(error)));
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
    const saved = "Note saved on this phone. It syncs when you're back online.";
    notify(saved);
    return saved;
  }
  return "Note saved.";
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

// "You've met before — ConfX 2025, booth 12, 3 Mar 2025"
export function headline(card, firstMeeting) {
  const name = card.person.display_name;
  if (firstMeeting) return `First time meeting ${name}${card.person.affiliation ? ` — ${card.person.affiliation}` : ""}`;
  const met = meetingText(card.relationship.first_met);
  return `You've met before — ${name}${met ? `, first at ${met}` : ""}`;
}

export function cardView(card, { heading = "h2", reload, addNote, noteForm, state, lead, encounterId }) {
  const { person, relationship: rel } = card;
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
        person.other_names?.length ? h("p", { class: "muted" }, `Also known as ${person.other_names.join(", ")}`) : null,
        subtitle ? h("p", null, subtitle) : null,
      ),
    ),
    card.offline ? h("p", { class: "pill pill-off" }, "From the phone's copy") : null,
    starters(card),
    relationshipView(card),
    online ? actions(card, reload, state) : null,
    notesView(card, { reload, addNote, noteForm, online }),
    online && reload ? photoButton(card, { encounterId, saved: async () => (await reload(), state?.refresh()) }) : null,
    aboutView(person),
    online && card.mutual_friends?.count
      ? section(
          `Mutual friends (${card.mutual_friends.count})`,
          h("p", null, card.mutual_friends.some.map((p) => p.display_name).join(", ")),
        )
      : null,
    card.events_in_common?.length ? section("Events in common", list(card.events_in_common.map((e) => e.name))) : null,
    card.shared_interests?.length ? section("Shared interests", h("p", null, card.shared_interests.join(", "))) : null,
    meetingsView(card, online),
  );
}

// "3 Mar 2025 · ConfX 2025 · booth 12 · they scanned"
function meetingLine(meeting, withEvent) {
  const by = meeting.i_scanned ? "" : "they scanned";
  return [day(meeting.started_at), withEvent ? meeting.event?.name : "", meeting.place, by].filter(Boolean).join(" · ");
}

// A button that fetches the next page from a cursor and hands its items to add(); gone
// when there is nothing more. Older pages are read online only; the card itself is bounded.
function moreButton(label, path, cursor, add) {
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

function meetingsView(card, online) {
  const { person, relationship: rel } = card;
  if (!rel.meetings_by_event?.length) {
    return card.met_at_events?.length ? section("Met at", list(card.met_at_events.map((e) => e.name))) : null;
  }
  const earlier = h("ul", { class: "plain" });
  return section(
    "Meetings",
    rel.events_together ? h("p", { class: "muted" }, `At ${rel.events_together} ${rel.events_together === 1 ? "event" : "events"} together`) : null,
    rel.meetings_by_event.map((group) =>
      h("div", null, h("h4", null, group.event?.name ?? "No event"), list(group.meetings.map((m) => meetingLine(m, false)))),
    ),
    earlier,
    online && rel.earlier_meetings
      ? moreButton("Earlier meetings", `/api/people/${person.id}/meetings`, rel.earlier_meetings, (items) =>
          earlier.append(...items.map((m) => h("li", null, meetingLine(m, true)))),
        )
      : null,
  );
}

function relationshipView({ relationship: rel }) {
  const status = {
    mutual: "Friends",
    pending: rel.they_scanned && !rel.i_scanned ? "Scanned your badge: confirm that you met" : "Waiting for them to confirm",
    none: "Not connected",
  }[rel.status];
  return h(
    "dl",
    { class: "facts" },
    fact("Status", status),
    rel.times_met ? fact("Times met", String(rel.times_met)) : null,
    rel.first_met ? fact("First met", meetingText(rel.first_met)) : null,
    rel.last_met ? fact("Last met", meetingText(rel.last_met)) : null,
    rel.introduced_by ? fact("Introduced by", rel.introduced_by.display_name) : null,
  );
}

function actions(card, reload, state) {
  const { person, relationship: rel } = card;
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
        "Confirm we met",
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
    buttons.push(h("a", { class: "button", href: `#/introduce/${person.id}` }, "Introduce to a friend"));
  }
  if (rel.status !== "none") {
    more.push(
      act("Remove connection", async () => {
        if (!confirm(`Remove your connection with ${person.display_name}? Your notes stay yours.`)) return;
        await api(`/api/people/${person.id}/connection`, { method: "DELETE" });
        state?.refresh();
        await reload();
      }),
    );
  }
  more.push(
    act(
      "Block",
      async () => {
        if (!confirm(`Block ${person.display_name}? They will see nothing more of you.`)) return;
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
    h("details", { class: "more" }, h("summary", null, "Remove or block"), h("div", { class: "row" }, more)),
    status,
  );
}

function notesView(card, { reload, addNote, noteForm, online }) {
  const notes = h("ul", { class: "notes" }, card.notes.map((note) => noteItem(note, reload, online)));
  return section(
    "My notes",
    card.notes.length ? notes : h("p", { class: "muted" }, "No notes yet."),
    online && card.older_notes
      ? moreButton("Older notes", `/api/people/${card.person.id}/notes`, card.older_notes, (items) =>
          notes.append(...items.map((note) => noteItem(note, reload, online))),
        )
      : null,
    noteForm ?? newNoteForm(addNote, online ? reload : null),
  );
}

// addNote(text) saves it and may answer with what to tell the person.
export function newNoteForm(addNote, saved) {
  const status = h("p", { role: "status", class: "muted" });
  const body = h("textarea", { name: "note", rows: "3", maxlength: "5000", required: true });
  return h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        const text = body.value.trim();
        if (!text) return;
        status.textContent = "Saving…";
        try {
          status.textContent = (await addNote(text)) || "Note saved.";
          body.value = "";
          await saved?.();
        } catch (error) {
          status.textContent = errorText(error);
        }
      },
    },
    field("Add a private note", body, "Only you ever see your notes."),
    h("button", { type: "submit" }, "Save note"),
    status,
  );
}

function noteItem(note, reload, online) {
  const item = h("li", { class: "note" });
  const show = () =>
    mount(
      item,
      h("p", { class: "note-body" }, note.body),
      notePhoto(note, { reload, online }),
      h(
        "p",
        { class: "muted" },
        [day(note.created_at), note.event?.name, note.follow_up_on ? `follow up ${day(note.follow_up_on)}` : "", ...note.tags.map((t) => `#${t}`)]
          .filter(Boolean)
          .join(" · "),
      ),
      online
        ? h(
            "div",
            { class: "row" },
            h("button", { type: "button", class: "small", onclick: edit, "aria-label": `Edit note: ${note.body.slice(0, 40)}` }, "Edit"),
            h(
              "button",
              {
                type: "button",
                class: "small danger",
                "aria-label": `Delete note: ${note.body.slice(0, 40)}`,
                onclick: async () => {
                  if (!confirm("Delete this note?")) return;
                  await api(`/api/notes/${note.id}`, { method: "DELETE" }).catch(() => {});
                  await reload?.();
                },
              },
              "Delete",
            ),
          )
        : null,
    );
  const edit = () => {
    const text = h("textarea", { rows: "3", maxlength: "5000", required: true });
    text.value = note.body;
    const followUp = h("input", { type: "date", value: note.follow_up_on ?? "" });
    const tags = h("input", { value: note.tags.join(", "), autocomplete: "off" });
    const status = h("p", { role: "status", class: "muted" });
    mount(
      item,
      h(
        "form",
        {
          class: "stack",
          onsubmit: async (event) => {
            event.preventDefault();
            try {
              const changes = { body: text.value.trim(), follow_up_on: followUp.value || null, tags: tagList(tags.value) };
              await api(`/api/notes/${note.id}`, { method: "PATCH", json: changes });
              await reload?.();
            } catch (error) {
              status.textContent = errorText(error);
            }
          },
        },
        field("Edit note", text),
        field("Follow up on", followUp),
        field("Tags", tags, "Separated by commas."),
        h("div", { class: "row" }, h("button", { type: "submit", class: "primary small" }, "Save"), h("button", { type: "button", class: "small", onclick: show }, "Cancel")),
        status,
      ),
    );
    text.focus();
  };
  show();
  return item;
}

const LINK_NAMES = { website: "Website", mastodon: "Mastodon", bluesky: "Bluesky", linkedin: "LinkedIn", facebook: "Facebook", x: "X" };

function aboutView(person) {
  const links = Object.entries(person.links ?? {});
  if (!person.bio && !links.length && !person.email && !person.interests?.length) return null;
  return section(
    "About",
    person.bio ? h("p", { class: "bio" }, person.bio) : null,
    person.interests?.length ? h("p", null, `Interests: ${person.interests.join(", ")}`) : null,
    person.email ? h("p", null, h("a", { href: `mailto:${person.email}` }, person.email)) : null,
    links.length
      ? h(
          "ul",
          { class: "links" },
          links.map(([kind, value]) =>
            h(
              "li",
              null,
              `${LINK_NAMES[kind] ?? kind}: `,
              /^https?:\/\//i.test(value) ? h("a", { href: value, rel: "noopener noreferrer", target: "_blank" }, value) : value,
            ),
          ),
        )
      : null,
  );
}

function section(title, ...children) {
  return h("section", { class: "card-section" }, h("h3", null, title), children);
}

function fact(term, value) {
  return [h("dt", null, term), h("dd", null, value)];
}

function list(items) {
  return h("ul", { class: "plain" }, items.map((text) => h("li", null, text)));
}
