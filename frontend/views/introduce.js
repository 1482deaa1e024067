// Introduce a friend (#/introduce/{id}) to another of my friends, with a message both
// read; #/introduce/{id}/{ask id} answers that friend's ask. The friends to pick from come
// from the phone's copy; sending needs the network.
import { api } from "../api.js";
import { t, tx } from "../i18n.js";
import * as store from "../store.js";
import { errorText, field, h, mount } from "../ui.js";

export function render(root, state) {
  const [id, askId] = state.params;
  let alive = true;
  mount(root, h("h1", { tabindex: "-1" }, t("introduce.title")), h("p", { class: "muted" }, t("common.loading")));

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
      mount(root, h("h1", { tabindex: "-1" }, t("introduce.title")), h("p", { role: "alert" }, t("introduce.friends_only")));
      return;
    }
    const name = first.display_name;
    const heading = h("h1", { tabindex: "-1" }, tx("introduce.named", { name }));
    if (!others.length) {
      mount(root, heading, h("p", { class: "empty" }, tx("introduce.only_friend", { name })));
      return;
    }
    const status = h("p", { role: "status", class: "muted" });
    const second = h(
      "select",
      { name: "second", required: true },
      h("option", { value: "" }, t("introduce.choose")),
      others.map((p) => h("option", { value: p.id }, [p.display_name, p.affiliation].filter(Boolean).join(" — "))),
    );
    const message = h("textarea", { name: "message", rows: "4", maxlength: "1000", required: true });
    const send = h("button", { type: "submit", class: "primary" }, t("introduce.send"));
    mount(
      root,
      heading,
      h("p", { class: "lead" }, t("introduce.lead")),
      askId ? h("p", { class: "muted" }, tx("introduce.about_ask", { name })) : null,
      h(
        "form",
        {
          class: "stack",
          onsubmit: async (event) => {
            event.preventDefault();
            if (!second.value || !message.value.trim()) return;
            send.disabled = true;
            status.textContent = t("common.sending");
            try {
              await api("/api/introductions", {
                method: "POST",
                json: { first_id: first.id, second_id: second.value, message: message.value.trim(), ask_id: askId },
              });
              const other = others.find((p) => p.id === second.value);
              mount(
                root,
                h("h1", { tabindex: "-1" }, t("introduce.sent")),
                h("p", { role: "status" }, tx("introduce.sent_to", { first: name, second: other.display_name })),
                h("a", { class: "button", href: `#/people/${first.id}` }, tx("introduce.back", { name })),
              );
              root.querySelector("h1")?.focus();
            } catch (error) {
              status.textContent = errorText(error);
              send.disabled = false;
            }
          },
        },
        field(tx("introduce.to", { name }), second),
        field(t("introduce.message"), message, t("introduce.message_hint")),
        send,
        status,
      ),
    );
  }

  load();
  return () => (alive = false);
}
