// Asks (#/asks): a call for help that only my friends read. Mine, with the replies and the
// introductions that answer them; my friends' open asks, to answer privately or to
// introduce someone. Offline it reads the phone's last copy; writing needs the network.
import { Offline, api } from "../api.js";
import * as store from "../store.js";
import { day, errorText, field, h, mount } from "../ui.js";

const heading = () => h("h1", { tabindex: "-1" }, "Asks");

export function render(root, state) {
  let alive = true;
  const status = h("p", { role: "status", class: "muted" });
  mount(root, heading(), h("p", { class: "muted" }, "Loading…"));

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
      offline ? h("p", { class: "pill pill-off" }, "From the phone's copy") : null,
      status,
      askForm(),
      h("h2", null, "Your asks"),
      copy.asks.mine.length
        ? h("ul", { class: "plain" }, copy.asks.mine.map((ask) => mine(ask, answering(ask))))
        : h("p", { class: "empty" }, "You have not asked your friends anything yet."),
      h("h2", null, "Your friends ask"),
      copy.asks.friends.length
        ? h("ul", { class: "plain" }, copy.asks.friends.map(theirs))
        : h("p", { class: "empty" }, "No open asks from your friends."),
    );
  }

  async function send(path, request, done, button) {
    button.disabled = true;
    status.textContent = "Sending…";
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
    const button = h("button", { type: "submit", class: "primary" }, "Ask my friends");
    return h(
      "form",
      {
        class: "stack",
        onsubmit: (event) => {
          event.preventDefault();
          if (text.value.trim()) send("/api/asks", { json: { text: text.value.trim() } }, "Asked. Only your friends see it.", button);
        },
      },
      field("What are you looking for?", text, "Only your friends see it, for up to 30 days. At most 3 new asks a week."),
      button,
    );
  }

  function mine(ask, intros) {
    const close = h("button", { type: "button", "aria-label": `Close ask: ${ask.text}` }, "Close");
    close.addEventListener("click", () => send(`/api/asks/${ask.id}`, { method: "DELETE" }, "Closed.", close));
    return h(
      "li",
      { class: "note ask" },
      h("p", { class: "note-body" }, ask.text),
      h("p", { class: "muted" }, ask.open ? `Open until ${day(ask.expires_on)}` : "Closed"),
      ask.replies.map((r) => h("blockquote", { class: "reply" }, h("strong", null, `${r.author.display_name}: `), r.text)),
      intros.map((i) =>
        h(
          "p",
          { class: "introduced" },
          `${i.introducer?.display_name ?? "Someone"} introduced you to ${i.other?.display_name ?? "someone"} about your ask`,
          i.status === "accepted" ? " — you are now friends." : ".",
        ),
      ),
      ask.open ? close : null,
    );
  }

  function theirs(ask) {
    const name = ask.asker.display_name;
    const text = h("textarea", { name: "reply", rows: "2", maxlength: "1000", required: true });
    const button = h("button", { type: "submit" }, "Reply");
    const mute = h("button", { type: "button", class: "link" }, `Mute ${name}'s asks`);
    mute.addEventListener("click", () => send(`/api/people/${ask.asker.id}/mute-asks`, {}, `You no longer see ${name}'s asks.`, mute));
    return h(
      "li",
      { class: "note ask" },
      h("p", null, h("a", { href: `#/people/${ask.asker.id}` }, name), " asks:"),
      h("p", { class: "note-body" }, ask.text),
      ask.replies.map((r) => h("blockquote", { class: "reply" }, `You replied: ${r.text}`)),
      h(
        "form",
        {
          class: "stack",
          onsubmit: (event) => {
            event.preventDefault();
            if (text.value.trim()) send(`/api/asks/${ask.id}/replies`, { json: { text: text.value.trim() } }, `Sent. Only ${name} reads it.`, button);
          },
        },
        field(`Reply to ${name}`, text, "Only they read it."),
        button,
      ),
      h("div", { class: "row" }, h("a", { class: "button", href: `#/introduce/${ask.asker.id}/${ask.id}` }, "Introduce someone"), mute),
    );
  }

  load();
  return () => (alive = false);
}
