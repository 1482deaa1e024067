// What the card's "My notes" section holds: the newest notes, older ones a page at a time,
// a new one, and each note's edit, delete and photo.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { day, errorText, field, h, moreButton, mount } from "../ui.js";
import { notePhoto } from "./photo.js";
import { tagList } from "./review.js";

export function notesView(card, { reload, addNote, noteForm, online }) {
  const notes = h("ul", { class: "notes" }, card.notes.map((note) => noteItem(note, reload, online)));
  return [
    card.notes.length ? notes : h("p", { class: "muted" }, t("card.no_notes")),
    online && card.older_notes
      ? moreButton(t("card.older_notes"), `/api/people/${card.person.id}/notes`, card.older_notes, (items) =>
          notes.append(...items.map((note) => noteItem(note, reload, online))),
        )
      : null,
    noteForm ?? newNoteForm(addNote, online ? reload : null),
  ];
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
        status.textContent = t("common.saving");
        try {
          status.textContent = (await addNote(text)) || t("card.note_saved");
          body.value = "";
          await saved?.();
        } catch (error) {
          status.textContent = errorText(error);
        }
      },
    },
    field(t("card.add_note"), body, t("card.note_hint")),
    h("button", { type: "submit" }, t("card.save_note")),
    status,
  );
}

function noteItem(note, reload, online) {
  const item = h("li", { class: "note" });
  const start = note.body.slice(0, 40);
  const show = () =>
    mount(
      item,
      h("p", { class: "note-body" }, note.body),
      notePhoto(note, { reload, online }),
      h(
        "p",
        { class: "muted" },
        [
          day(note.created_at),
          note.event?.name,
          note.follow_up_on ? t("review.follow_up_on", { date: day(note.follow_up_on) }) : "",
          ...note.tags.map((tag) => `#${tag}`),
        ]
          .filter(Boolean)
          .join(" · "),
      ),
      online
        ? h(
            "div",
            { class: "row" },
            h("button", { type: "button", class: "small", onclick: edit, "aria-label": t("card.edit_named", { text: start }) }, t("card.edit")),
            h(
              "button",
              {
                type: "button",
                class: "small danger",
                "aria-label": t("card.delete_named", { text: start }),
                onclick: async () => {
                  if (!confirm(t("card.delete_sure"))) return;
                  await api(`/api/notes/${note.id}`, { method: "DELETE" }).catch(() => {});
                  await reload?.();
                },
              },
              t("card.delete"),
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
        field(t("card.edit_note"), text),
        field(t("card.follow_up_on"), followUp),
        field(t("card.tags"), tags, t("card.tags_hint")),
        h(
          "div",
          { class: "row" },
          h("button", { type: "submit", class: "primary small" }, t("common.save")),
          h("button", { type: "button", class: "small", onclick: show }, t("common.cancel")),
        ),
        status,
      ),
    );
    text.focus();
  };
  show();
  return item;
}
