// My passkeys, a section of the My data screen: list, add, rename, remove. Shown only
// where the browser has WebAuthn (a passkey made elsewhere is still listed there).
import { api } from "../api.js";
import * as passkeys from "../passkeys.js";
import { day, errorText, field, h, mount } from "../ui.js";

export function section() {
  if (!passkeys.supported()) return null;
  const list = h("div", null, h("p", { class: "muted" }, "Loading…"));
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
        : h("p", { class: "empty" }, "No passkeys yet: you sign in with a code we email you."),
    );
  }

  function item(passkey) {
    const used = passkey.last_used_at ? `last used ${day(passkey.last_used_at)}` : "not used yet";
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
            status.textContent = "Passkey renamed.";
            load();
          } catch (error) {
            status.textContent = errorText(error);
          }
        },
      },
      field("New name", name),
      h("button", { type: "submit", class: "small" }, "Save"),
    );
    return h(
      "li",
      { class: "stack passkey" },
      h("span", { class: "person-name" }, passkey.name),
      h("span", { class: "muted" }, `Added ${day(passkey.created_at)}, ${used}`),
      h(
        "div",
        { class: "row" },
        h(
          "button",
          {
            type: "button",
            class: "small",
            "aria-label": `Rename ${passkey.name}`,
            onclick: () => {
              rename.hidden = false;
              name.focus();
            },
          },
          "Rename",
        ),
        h(
          "button",
          {
            type: "button",
            class: "small danger",
            "aria-label": `Remove ${passkey.name}`,
            onclick: async ({ currentTarget: button }) => {
              if (!confirm(`Remove "${passkey.name}"? It will no longer sign you in; the emailed code always does.`)) return;
              button.disabled = true;
              try {
                await api(`/api/me/passkeys/${passkey.id}`, { method: "DELETE" });
                status.textContent = "Passkey removed. Your device may still offer it: it will be refused.";
                load();
              } catch (error) {
                status.textContent = errorText(error);
                button.disabled = false;
              }
            },
          },
          "Remove",
        ),
      ),
      rename,
    );
  }

  load();
  return h(
    "section",
    { class: "card-section", "aria-labelledby": "passkeys-heading" },
    h("h2", { id: "passkeys-heading" }, "Passkeys"),
    h("p", null, "Sign in with your fingerprint, face or screen lock instead of waiting for an email."),
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
            status.textContent = "Passkey created.";
            load();
          } catch (error) {
            if (!passkeys.cancelled(error)) status.textContent = errorText(error);
          } finally {
            button.disabled = false;
          }
        },
      },
      "Add a passkey",
    ),
    status,
  );
}
