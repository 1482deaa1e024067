// My passkeys, a section of the My data screen: list, add, rename, remove. Shown only
// where the browser has WebAuthn (a passkey made elsewhere is still listed there).
import { api } from "../api.js";
import { t } from "../i18n.js";
import * as passkeys from "../passkeys.js";
import { day, errorText, field, h, mount } from "../ui.js";

export function section() {
  if (!passkeys.supported()) return null;
  const list = h("div", null, h("p", { class: "muted" }, t("common.loading")));
  const status = h("p", { role: "status", class: "muted" });

  async function load() {
    let mine;
    try {
      mine = await api("/api/me/passkeys");
    } catch (error) {
      mount(list, h("p", { role: "alert" }, errorText(error)));
      return;
    }
    mount(
      list,
      mine.length
        ? h("ul", { class: "people" }, mine.map((p) => item(p)))
        : h("p", { class: "empty" }, t("passkeys.none")),
    );
  }

  function item(passkey) {
    const used = passkey.last_used_at ? t("passkeys.last_used", { date: day(passkey.last_used_at) }) : t("passkeys.not_used");
    const name = h("input", { name: "passkey-name", value: passkey.name, maxlength: "60", required: true });
    const rename = h(
      "form",
      {
        class: "row",
        hidden: true,
        onsubmit: async (event) => {
          event.preventDefault();
          try {
            await api(`/api/me/passkeys/${passkey.id}`, { method: "PATCH", json: { name: name.value.trim() } });
            status.textContent = t("passkeys.renamed");
            load();
          } catch (error) {
            status.textContent = errorText(error);
          }
        },
      },
      field(t("passkeys.new_name"), name),
      h("button", { type: "submit", class: "small" }, t("common.save")),
    );
    return h(
      "li",
      { class: "stack passkey" },
      h("span", { class: "person-name" }, passkey.name),
      h("span", { class: "muted" }, t("passkeys.added", { date: day(passkey.created_at), used })),
      h(
        "div",
        { class: "row" },
        h(
          "button",
          {
            type: "button",
            class: "small",
            "aria-label": t("passkeys.rename_named", { name: passkey.name }),
            onclick: () => {
              rename.hidden = false;
              name.focus();
            },
          },
          t("passkeys.rename"),
        ),
        h(
          "button",
          {
            type: "button",
            class: "small danger",
            "aria-label": t("passkeys.remove_named", { name: passkey.name }),
            onclick: async ({ currentTarget: button }) => {
              if (!confirm(t("passkeys.confirm_remove", { name: passkey.name }))) return;
              button.disabled = true;
              try {
                await api(`/api/me/passkeys/${passkey.id}`, { method: "DELETE" });
                status.textContent = t("passkeys.removed");
                load();
              } catch (error) {
                status.textContent = errorText(error);
                button.disabled = false;
              }
            },
          },
          t("common.remove"),
        ),
      ),
      rename,
    );
  }

  load();
  return h(
    "section",
    { class: "card-section", "aria-labelledby": "passkeys-heading" },
    h("h2", { id: "passkeys-heading" }, t("passkeys.title")),
    h("p", null, t("passkeys.lead")),
    list,
    h(
      "button",
      {
        type: "button",
        onclick: async ({ currentTarget: button }) => {
          button.disabled = true;
          status.textContent = "";
          try {
            await passkeys.create();
            status.textContent = t("passkeys.created");
            load();
          } catch (error) {
            if (!passkeys.cancelled(error)) status.textContent = errorText(error);
          } finally {
            button.disabled = false;
          }
        },
      },
      t("passkeys.add"),
    ),
    status,
  );
}
