// Where I am signed in: each device's browser, last use and network (coarse), signed out
// one at a time, or everywhere but this phone at once.
import { api } from "../api.js";
import { t, tx } from "../i18n.js";
import { day, errorText, h, mount } from "../ui.js";

export function sessionsSection() {
  const list = h("div", null, h("p", { class: "muted" }, t("common.loading")));
  const status = h("p", { role: "status", class: "muted" });

  async function act(path, done) {
    try {
      await api(path, { method: "DELETE" });
      status.replaceChildren(...done);
      await load();
    } catch (error) {
      status.textContent = errorText(error);
    }
  }

  function row(s) {
    const where = [s.network, t("passkeys.last_used", { date: day(s.last_used_at) }), t("sessions.signed_in", { date: day(s.created_at) })].filter(Boolean).join(" · ");
    const browser = { browser: device(s) };
    return h(
      "li",
      { class: "row" },
      h("span", null, h("span", { class: "person-name" }, s.current ? tx("sessions.this_device", browser) : browser.browser), h("br"), h("span", { class: "person-meta" }, where)),
      s.current
        ? null
        : h(
            "button",
            { type: "button", class: "small", "aria-label": t("sessions.sign_out_named", browser), onclick: () => act(`/api/me/sessions/${s.id}`, tx("sessions.signed_out", browser)) },
            t("common.sign_out"),
          ),
    );
  }

  async function load() {
    try {
      const sessions = await api("/api/me/sessions");
      const others = sessions.filter((s) => !s.current).length;
      mount(
        list,
        h("ul", { class: "people" }, sessions.map(row)),
        others ? h("button", { type: "button", onclick: () => act("/api/me/sessions", [t("sessions.signed_out_others")]) }, t("sessions.sign_out_others")) : null,
      );
    } catch (error) {
      mount(list, h("p", { role: "alert" }, errorText(error)));
    }
  }

  load();
  return h("section", { class: "card-section" }, h("h2", null, t("sessions.title")), list, status);
}

// "Safari on iPhone" in the reader's words; the names are the browser's and system's own.
function device(s) {
  if (s.browser_name && s.system) return t("sessions.device", { browser: s.browser_name, system: s.system });
  return s.browser_name || s.system || t("sessions.unknown_browser");
}
