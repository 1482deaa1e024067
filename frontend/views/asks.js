// Asks (#/asks): a call for help that only my friends read. Mine, with the replies and the
// introductions that answer them; my friends' open asks, to answer privately or to
// introduce someone. Offline it reads the phone's last copy; writing needs the network.
import { Offline, api } from "../api.js";
import * as store from "../store.js";
import { t, tx } from "../i18n.js";
import { day, errorText, field, h, mount } from "../ui.js";

const heading = () => h("h1", { tabindex: "-1" }, t("asks.title"));

export function render(root, state) {
  let alive = true;
  const status = h("p", { role: "status", class: "muted" });
  mount(root, heading(), h("p", { class: "muted" }, t("common.loading")));

  async function load() {
    let copy;
    let offline = false;
    try {
      copy = await store.refreshAsks();
    } catch (error) {
      copy = error instanceof Offline ? await store.get("kv", "asks") : null;
      if (!copy) {
        if (alive) mount(root, heading(), h("p", { role: "alert" }, errorText(error)));
        return;
      }
      offline = true;
    }
    if (!alive) return;
    const answering = (ask) => copy.introductions.filter((i) => i.ask?.id === ask.id);
    mount(
      root,
      heading(),
      offline ? h("p", { class: "pill pill-off" }, t("common.from_copy")) : null,
      status,
      askForm(),
      h("h2", null, t("asks.mine")),
      copy.asks.mine.length
        ? h("ul", { class: "plain" }, copy.asks.mine.map((ask) => mine(ask, answering(ask))))
        : h("p", { class: "empty" }, t("asks.mine_none")),
      h("h2", null, t("asks.friends")),
      copy.asks.friends.length
        ? h("ul", { class: "plain" }, copy.asks.friends.map(theirs))
        : h("p", { class: "empty" }, t("asks.friends_none")),
    );
  }

  async function send(path, request, done, button) {
    button.disabled = true;
    status.textContent = t("common.sending");
    try {
      await api(path, { method: "POST", ...request });
      status.textContent = done;
      await load();
    } catch (error) {
      status.textContent = errorText(error);
      button.disabled = false;
    }
  }

  function askForm() {
    const text = h("textarea", { name: "ask", rows: "3", maxlength: "1000", required: true });
    const button = h("button", { type: "submit", class: "primary" }, t("asks.send"));
    return h(
      "form",
      {
        class: "stack",
        onsubmit: (event) => {
          event.preventDefault();
          if (text.value.trim()) send("/api/asks", { json: { text: text.value.trim() } }, t("asks.sent"), button);
        },
      },
      field(t("asks.what"), text, t("asks.what_hint")),
      button,
    );
  }

  function mine(ask, intros) {
    const close = h("button", { type: "button", "aria-label": t("asks.close_label", { text: ask.text }) }, t("asks.close"));
    close.addEventListener("click", () => send(`/api/asks/${ask.id}`, { method: "DELETE" }, t("asks.closed"), close));
    return h(
      "li",
      { class: "note ask" },
      h("p", { class: "note-body" }, ask.text),
      h("p", { class: "muted" }, ask.open ? t("asks.open_until", { day: day(ask.expires_on) }) : t("asks.closed")),
      ask.replies.map((r) => h("blockquote", { class: "reply" }, tx("asks.reply_from", { name: r.author.display_name, text: r.text }))),
      intros.map((i) =>
        h(
          "p",
          { class: "introduced" },
          tx(i.status === "accepted" ? "asks.introduced_friends" : "asks.introduced", {
            by: i.introducer?.display_name ?? t("asks.someone"),
            other: i.other?.display_name ?? t("asks.someone"),
          }),
        ),
      ),
      ask.open ? close : null,
    );
  }

  function theirs(ask) {
    const name = ask.asker.display_name;
    const text = h("textarea", { name: "reply", rows: "2", maxlength: "1000", required: true });
    const button = h("button", { type: "submit" }, t("asks.reply"));
    const mute = h("button", { type: "button", class: "link" }, t("asks.mute", { name }));
    mute.addEventListener("click", () => send(`/api/people/${ask.asker.id}/mute-asks`, {}, t("asks.muted", { name }), mute));
    return h(
      "li",
      { class: "note ask" },
      h("p", null, h("a", { href: `#/people/${ask.asker.id}` }, tx("asks.asks", { name }))),
      h("p", { class: "note-body" }, ask.text),
      ask.replies.map((r) => h("blockquote", { class: "reply" }, tx("asks.you_replied", { text: r.text }))),
      h(
        "form",
        {
          class: "stack",
          onsubmit: (event) => {
            event.preventDefault();
            if (text.value.trim()) send(`/api/asks/${ask.id}/replies`, { json: { text: text.value.trim() } }, t("asks.reply_sent", { name }), button);
          },
        },
        field(t("asks.reply_to", { name }), text, t("asks.reply_hint")),
        button,
      ),
      h("div", { class: "row" }, h("a", { class: "button", href: `#/introduce/${ask.asker.id}/${ask.id}` }, t("asks.introduce")), mute),
    );
  }

  load();
  return () => (alive = false);
}
