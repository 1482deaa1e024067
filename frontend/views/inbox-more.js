// The inbox's after-the-event parts: introductions to answer (both must accept), days
// whose people still have no note, and friends of friends at my events.
import { api } from "../api.js";
import { day, errorText, h, photo } from "../ui.js";

const names = (people) => people.map((p) => p.display_name).join(", ");

export function introductions(list, { status, state, reload }) {
  if (!list.length) return null;
  const answer = (intro, verb) => async ({ currentTarget: button }) => {
    const other = intro.other?.display_name ?? "them";
    button.disabled = true;
    try {
      const answered = await api(`/api/introductions/${intro.id}/${verb}`, { method: "POST" });
      // A decline is told to nobody, so there is nothing more to say about it.
      status.textContent =
        verb === "decline"
          ? "Declined."
          : answered.status === "accepted"
            ? `You and ${other} are now friends.`
            : `Accepted. You connect as soon as ${other} accepts too.`;
      state.refresh();
      state.updateInbox();
      await reload();
    } catch (error) {
      status.textContent = errorText(error);
      button.disabled = false;
    }
  };
  return [
    h("h2", null, "Introductions"),
    h(
      "ul",
      { class: "people" },
      list.map((intro) => {
        const other = intro.other;
        const by = intro.introducer?.display_name ?? "Someone who has left";
        return h(
          "li",
          { class: "waiting introduction" },
          h(
            "div",
            { class: "person" },
            photo(other?.photo_url, other?.display_name),
            h(
              "span",
              null,
              h("span", { class: "person-name" }, other?.display_name ?? names(intro.people)),
              other?.affiliation ? h("span", { class: "person-meta" }, other.affiliation) : null,
              h("span", { class: "person-meta" }, `Introduced by ${by}`),
            ),
          ),
          h("blockquote", { class: "note-body" }, intro.message),
          intro.ask ? h("p", { class: "muted" }, `About your ask: ${intro.ask.text}`) : null,
          h(
            "div",
            { class: "row" },
            h("button", { type: "button", class: "primary", "aria-label": `Accept introduction to ${other?.display_name}`, onclick: answer(intro, "accept") }, "Accept"),
            h("button", { type: "button", "aria-label": `Decline introduction to ${other?.display_name}`, onclick: answer(intro, "decline") }, "Decline"),
          ),
        );
      }),
    ),
  ];
}

// New asks of my friends and new replies to mine (the last 7 days); the Asks screen has more.
export function asks({ asks: theirs, ask_replies: replies }) {
  if (!theirs.length && !replies.length) return null;
  return [
    h("h2", null, "Asks"),
    h(
      "ul",
      { class: "plain" },
      theirs.map((ask) => h("li", null, h("a", { href: "#/asks" }, `${ask.asker.display_name} asks: ${ask.text}`))),
      replies.map((reply) => h("li", null, h("a", { href: "#/asks" }, `${reply.author.display_name} replied to your ask`))),
    ),
  ];
}

export function reviews(list) {
  if (!list.length) return null;
  return [
    h("h2", null, "Still to review"),
    h(
      "ul",
      { class: "plain" },
      list.map((due) => {
        const where = [due.event?.name, day(`${due.day}T12:00:00`)].filter(Boolean).join(", ");
        const href = `#/review/${due.day}${due.event ? `/${encodeURIComponent(due.event.slug)}` : ""}`;
        return h(
          "li",
          { class: "note" },
          h("a", { href }, `Add notes: ${where}`),
          h("p", { class: "muted" }, `No note yet about ${names(due.people_without_note)}`),
        );
      }),
    ),
  ];
}

export function friendsOfFriends(list) {
  if (!list.length) return null;
  return [
    h("h2", null, "Friends of friends at your events"),
    h(
      "ul",
      { class: "people" },
      list.map(({ event, person, via }) =>
        h(
          "li",
          null,
          h(
            "div",
            { class: "person" },
            photo(person.photo_url, person.display_name),
            h(
              "span",
              null,
              h("span", { class: "person-name" }, person.display_name),
              person.affiliation ? h("span", { class: "person-meta" }, person.affiliation) : null,
              h("span", { class: "person-meta" }, `At ${event.name}, known to ${names(via)}`),
            ),
          ),
        ),
      ),
    ),
  ];
}
