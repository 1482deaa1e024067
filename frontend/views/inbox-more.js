// The inbox's after-the-event parts: introductions to answer (both must accept), days
// whose people still have no note, and friends of friends at my events.
import { api } from "../api.js";
import { list as listed, t, tx } from "../i18n.js";
import { day, errorText, h, photo } from "../ui.js";

const names = (people) => listed(people.map((p) => p.display_name), "narrow");
// The one I am introduced to (both, as the introducer sees it).
const nameOf = (intro) => intro.other?.display_name ?? names(intro.people);

export function introductions(list, { status, state, reload }) {
  if (!list.length) return null;
  const answer = (intro, verb) => async ({ currentTarget: button }) => {
    const name = nameOf(intro);
    button.disabled = true;
    try {
      const answered = await api(`/api/introductions/${intro.id}/${verb}`, { method: "POST" });
      // A decline is told to nobody, so there is nothing more to say about it.
      status.textContent =
        verb === "decline"
          ? t("inbox.declined")
          : answered.status === "accepted"
            ? t("inbox.now_friends", { name })
            : t("inbox.accepted", { name });
      state.refresh();
      state.updateInbox();
      await reload();
    } catch (error) {
      status.textContent = errorText(error);
      button.disabled = false;
    }
  };
  return [
    h("h2", null, t("inbox.introductions")),
    h(
      "ul",
      { class: "people" },
      list.map((intro) => {
        const other = intro.other;
        const name = nameOf(intro);
        const by = intro.introducer?.display_name;
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
              h("span", { class: "person-name" }, name),
              other?.affiliation ? h("span", { class: "person-meta" }, other.affiliation) : null,
              h("span", { class: "person-meta" }, by ? tx("inbox.introduced_by", { name: by }) : t("inbox.introduced_by_gone")),
            ),
          ),
          h("blockquote", { class: "note-body" }, intro.message),
          intro.ask ? h("p", { class: "muted" }, tx("inbox.about_ask", { text: intro.ask.text })) : null,
          h(
            "div",
            { class: "row" },
            h(
              "button",
              { type: "button", class: "primary", "aria-label": t("inbox.accept_named", { name }), onclick: answer(intro, "accept") },
              t("inbox.accept"),
            ),
            h("button", { type: "button", "aria-label": t("inbox.decline_named", { name }), onclick: answer(intro, "decline") }, t("inbox.decline")),
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
    h("h2", null, t("asks.title")),
    h(
      "ul",
      { class: "plain" },
      theirs.map((ask) => h("li", null, h("a", { href: "#/asks" }, tx("inbox.asks", { name: ask.asker.display_name, text: ask.text })))),
      replies.map((reply) => h("li", null, h("a", { href: "#/asks" }, tx("inbox.replied", { name: reply.author.display_name })))),
    ),
  ];
}

export function reviews(list) {
  if (!list.length) return null;
  return [
    h("h2", null, t("inbox.to_review")),
    h(
      "ul",
      { class: "plain" },
      list.map((due) => {
        const where = [due.event?.name, day(due.day)].filter(Boolean).join(", ");
        const href = `#/review/${due.day}${due.event ? `/${encodeURIComponent(due.event.slug)}` : ""}`;
        return h(
          "li",
          { class: "note" },
          h("a", { href }, tx("inbox.add_notes", { where })),
          h("p", { class: "muted" }, tx("inbox.no_note_about", { names: names(due.people_without_note) })),
        );
      }),
    ),
  ];
}

export function friendsOfFriends(list) {
  if (!list.length) return null;
  return [
    h("h2", null, t("inbox.friends_of_friends")),
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
              h("span", { class: "person-meta" }, tx("inbox.known_to", { event: event.name, names: names(via) })),
            ),
          ),
        ),
      ),
    ),
  ];
}
