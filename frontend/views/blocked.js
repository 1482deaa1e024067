// The people I blocked (GET /api/blocks), each with Unblock. They are never told either way.
import { api } from "../api.js";
import { t, tx } from "../i18n.js";
import { errorText, h, mount } from "../ui.js";

export function blockedSection() {
  const list = h("div", null, h("p", { class: "muted" }, t("common.loading")));
  const status = h("p", { role: "status", class: "muted" });

  async function unblock(person, button) {
    button.disabled = true;
    try {
      await api(`/api/people/${person.id}/block`, { method: "DELETE" });
      button.closest("li").remove();
      status.replaceChildren(...tx("blocked.unblocked", { name: person.display_name }));
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
                    { type: "button", class: "small", "aria-label": t("blocked.unblock_named", { name: person.display_name }), onclick: ({ currentTarget }) => unblock(person, currentTarget) },
                    t("blocked.unblock"),
                  ),
                ),
              ),
            )
          : h("p", { class: "empty" }, t("blocked.none")),
      ),
    )
    .catch((error) => mount(list, h("p", { role: "alert" }, errorText(error))));
  return h("section", { class: "card-section" }, h("h2", null, t("blocked.title")), list, status);
}
