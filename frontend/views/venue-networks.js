// Organizers: the venue Wi-Fi's public addresses. A conference signs in from a handful of
// addresses; during the event, new accounts from these get the venue's allowance.
import { api } from "../api.js";
import { t, tx } from "../i18n.js";
import { errorText, field, h, mount } from "../ui.js";

export function networksSection(path, event) {
  const list = h("ul", { class: "plain" });
  const status = h("p", { role: "status", class: "muted" });
  const text = h("textarea", {
    name: "networks",
    rows: "3",
    autocapitalize: "none",
    spellcheck: "false",
    placeholder: "203.0.113.0/24",
  });
  let shown = [];

  const draw = (networks) => {
    shown = networks;
    text.value = networks.map((n) => n.network).join("\n");
    mount(
      list,
      networks.length
        ? networks.map((n) =>
            h(
              "li",
              null,
              h("strong", null, n.network),
              " ",
              t(n.active ? "networks.active" : "networks.inactive", {
                from: n.starts_on,
                to: n.ends_on,
                used: n.used_this_hour,
                allowance: n.allowance_per_hour,
                minutes: Math.ceil(n.resets_in_seconds / 60),
              }),
            ),
          )
        : h("li", { class: "muted" }, t("networks.none")),
    );
  };

  api(`${path}/networks`).then(draw, (error) => (status.textContent = errorText(error)));

  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (submit) => {
        submit.preventDefault();
        const wanted = text.value.split(/[\s,]+/).filter(Boolean);
        const kept = new Map(shown.map((n) => [n.network, n]));
        const networks = wanted.map((network) => {
          const old = kept.get(network);
          return old ? { network, starts_on: old.starts_on, ends_on: old.ends_on } : { network };
        });
        try {
          draw(await api(`${path}/networks`, { method: "PUT", json: { networks } }));
          status.textContent = t("common.saved");
        } catch (error) {
          status.textContent = errorText(error);
        }
      },
    },
    field(t("networks.field"), text, tx("networks.hint", { event: event.name })),
    h("button", { type: "submit" }, t("networks.save")),
  );
  return h("section", null, h("h2", null, t("networks.title")), list, form, status);
}
