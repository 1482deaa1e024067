// My addresses on the My data screen: add one with the code mailed to it, make one
// primary, remove one; and when an added address turns out to be another account of
// mine, what merging it brings, and the merge after an explicit confirmation.
import { api } from "../api.js";
import { list as listed, t, tx } from "../i18n.js";
import { errorText, field, h, mount, notify } from "../ui.js";

export function addressesSection(state) {
  const list = h("div", null, h("p", { class: "muted" }, t("common.loading")));
  const adding = h("div");
  const status = h("p", { role: "status", class: "muted" });

  async function load() {
    try {
      const mine = await api("/api/me/emails");
      mount(list, h("ul", { class: "plain addresses" }, mine.map((address) => item(address))));
    } catch (error) {
      mount(list, h("p", { role: "alert" }, errorText(error)));
    }
  }

  function item(address) {
    const act = (label, run, cls = "small") =>
      h(
        "button",
        {
          type: "button",
          class: cls,
          "aria-label": `${label}: ${address.email}`,
          onclick: async () => {
            try {
              await run();
              await load();
            } catch (error) {
              status.textContent = errorText(error);
            }
          },
        },
        label,
      );
    return h(
      "li",
      { class: "row" },
      h("span", { class: "address" }, address.email),
      address.primary
        ? h("span", { class: "pill" }, t("addresses.primary"))
        : [
            act(t("addresses.make_primary"), () => api(`/api/me/emails/${address.id}`, { method: "PATCH", json: { primary: true } })),
            act(
              t("common.remove"),
              async () => {
                if (!confirm(t("addresses.confirm_remove", { email: address.email }))) return;
                await api(`/api/me/emails/${address.id}`, { method: "DELETE" });
              },
              "small danger",
            ),
          ],
    );
  }

  function askForCode() {
    const email = h("input", { type: "email", name: "new-email", autocomplete: "email", required: true });
    mount(
      adding,
      h(
        "form",
        {
          class: "stack",
          onsubmit: async (event) => {
            event.preventDefault();
            status.textContent = t("common.sending");
            try {
              await api("/api/me/emails", { method: "POST", json: { email: email.value.trim() } });
              status.textContent = "";
              enterCode(email.value.trim().toLowerCase());
            } catch (error) {
              status.textContent = errorText(error);
            }
          },
        },
        field(t("addresses.add"), email, t("addresses.add_hint")),
        h("button", { type: "submit" }, t("addresses.send_code")),
      ),
    );
  }

  function enterCode(email) {
    const code = h("input", { name: "address-code", inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]{6}", maxlength: "6", required: true });
    mount(
      adding,
      h(
        "form",
        {
          class: "stack",
          onsubmit: async (event) => {
            event.preventDefault();
            try {
              const answer = await api("/api/me/emails/verify", { method: "POST", json: { email, code: code.value.trim() } });
              if (answer.status === "merge_available") return offerMerge(answer.merge);
              notify(t("addresses.added", { email }));
              askForCode();
              await load();
            } catch (error) {
              status.textContent = errorText(error);
            }
          },
        },
        field(t("addresses.code_for", { email }), code),
        h("button", { type: "submit", class: "primary" }, t("addresses.add_button")),
      ),
    );
    code.focus();
  }

  function offerMerge({ merge_token: token, preview }) {
    const brings = listed([
      t("count.friends", { n: preview.friends }),
      t("count.pending_scans", { n: preview.pending_scans }),
      t("count.notes", { n: preview.notes }),
      t("count.events", { n: preview.events }),
      t("count.badges", { n: preview.badges }),
    ]);
    const sure = h("input", { type: "checkbox", name: "merge-sure" });
    const button = h("button", { type: "submit", class: "primary", disabled: true }, t("addresses.merge"));
    sure.addEventListener("change", () => (button.disabled = !sure.checked));
    mount(
      adding,
      h(
        "form",
        {
          class: "stack merge-offer",
          onsubmit: async (event) => {
            event.preventDefault();
            button.disabled = true;
            try {
              await api("/api/me/merge", { method: "POST", json: { merge_token: token } });
              notify(t("addresses.merged", { email: preview.email }));
              state?.refresh(); // the phone's copy: one person, the whole history
              askForCode();
              await load();
            } catch (error) {
              status.textContent = errorText(error);
              button.disabled = false;
            }
          },
        },
        h("h3", null, t("addresses.own_account")),
        h("p", null, tx("addresses.offer", { email: preview.email, name: preview.display_name || t("addresses.another_account"), brings })),
        h("label", { class: "check" }, sure, " ", t("addresses.merge_sure")),
        h("div", { class: "row" }, button, h("button", { type: "button", onclick: askForCode }, t("common.not_now"))),
      ),
    );
  }

  load();
  askForCode();
  return h("section", { class: "card-section" }, h("h2", null, t("addresses.title")), list, adding, status);
}
