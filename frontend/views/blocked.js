// The people I blocked (GET /api/blocks), each with Unblock. They are never told either way.
import { api } from "../api.js";
import { errorText, h, mount } from "../ui.js";

export function blockedSection() {
  const list = h("div", null, h("p", { class: "muted" }, "Loading…"));
  const status = h("p", { role: "status", class: "muted" });

  async function unblock(person, button) {
    button.disabled = true;
    try {
      await api(`/api/people/${person.id}/block`, { method: "DELETE" });
      button.closest("li").remove();
      status.textContent = `${person.display_name} is unblocked. Nothing is restored: scan each other again to connect.`;
    } catch (error) {
      status.textContent = errorText(error);
      button.disabled = false;
    }
  }

  api("/api/blocks")
    .then((blocks) =>
      mount(
        list,
        blocks.length
          ? h(
              "ul",
              { class: "people" },
              blocks.map(({ person }) =>
                h(
                  "li",
                  { class: "row blocked" },
                  h("span", { class: "person-name" }, person.display_name),
                  h(
                    "button",
                    { type: "button", class: "small", "aria-label": `Unblock ${person.display_name}`, onclick: ({ currentTarget }) => unblock(person, currentTarget) },
                    "Unblock",
                  ),
                ),
              ),
            )
          : h("p", { class: "empty" }, "You have blocked nobody."),
      ),
    )
    .catch((error) => mount(list, h("p", { role: "alert" }, errorText(error))));
  return h("section", { class: "card-section" }, h("h2", null, "Blocked people"), list, status);
}
