// Introduce a friend (#/introduce/{id}) to another of my friends, with a message both
// read; #/introduce/{id}/{ask id} answers that friend's ask. The friends to pick from come
// from the phone's copy; sending needs the network.
import { api } from "../api.js";
import * as store from "../store.js";
import { errorText, field, h, mount } from "../ui.js";

export function render(root, state) {
  const [id, askId] = state.params;
  let alive = true;
  mount(root, h("h1", { tabindex: "-1" }, "Introduce"), h("p", { class: "muted" }, "Loading…"));

  async function load() {
    await state.refresh();
    const friends = await store.friends();
    if (!alive) return;
    const first = friends.find((f) => f.person.id === id)?.person;
    const others = friends
      .filter((f) => f.person.id !== id)
      .map((f) => f.person)
      .sort((a, b) => a.display_name.localeCompare(b.display_name));
    if (!first) {
      mount(root, h("h1", { tabindex: "-1" }, "Introduce"), h("p", { role: "alert" }, "You can introduce only people who are your friends."));
      return;
    }
    const heading = h("h1", { tabindex: "-1" }, `Introduce ${first.display_name}`);
    if (!others.length) {
      mount(root, heading, h("p", { class: "empty" }, `${first.display_name} is your only friend so far: nobody to introduce them to yet.`));
      return;
    }
    const status = h("p", { role: "status", class: "muted" });
    const second = h(
      "select",
      { name: "second", required: true },
      h("option", { value: "" }, "Choose a friend"),
      others.map((p) => h("option", { value: p.id }, [p.display_name, p.affiliation].filter(Boolean).join(" — "))),
    );
    const message = h("textarea", { name: "message", rows: "4", maxlength: "1000", required: true });
    const send = h("button", { type: "submit", class: "primary" }, "Send introduction");
    mount(
      root,
      heading,
      h("p", { class: "lead" }, "Both read your message and choose whether to connect. Nobody is told if the other declines."),
      askId ? h("p", { class: "muted" }, `About ${first.display_name}'s ask: only ${first.display_name} and you see the ask itself.`) : null,
      h(
        "form",
        {
          class: "stack",
          onsubmit: async (event) => {
            event.preventDefault();
            if (!second.value || !message.value.trim()) return;
            send.disabled = true;
            status.textContent = "Sending…";
            try {
              await api("/api/introductions", {
                method: "POST",
                json: { first_id: first.id, second_id: second.value, message: message.value.trim(), ask_id: askId },
              });
              const other = others.find((p) => p.id === second.value);
              mount(
                root,
                h("h1", { tabindex: "-1" }, "Introduction sent"),
                h("p", { role: "status" }, `${first.display_name} and ${other.display_name} will find your introduction in their inbox.`),
                h("a", { class: "button", href: `#/people/${first.id}` }, `Back to ${first.display_name}`),
              );
              root.querySelector("h1")?.focus();
            } catch (error) {
              status.textContent = errorText(error);
              send.disabled = false;
            }
          },
        },
        field(`Introduce ${first.display_name} to`, second),
        field("Message to both", message, "Why should they meet?"),
        send,
        status,
      ),
    );
  }

  load();
  return () => (alive = false);
}
