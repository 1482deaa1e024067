// Where I am signed in: each device's browser, last use and network (coarse), signed out
// one at a time, or everywhere but this phone at once.
import { api } from "../api.js";
import { day, errorText, h, mount } from "../ui.js";

export function sessionsSection() {
  const list = h("div", null, h("p", { class: "muted" }, "Loading…"));
  const status = h("p", { role: "status", class: "muted" });

  async function act(path, done) {
    try {
      await api(path, { method: "DELETE" });
      status.textContent = done;
      await load();
    } catch (error) {
      status.textContent = errorText(error);
    }
  }

  function row(s) {
    const where = [s.network, `last used ${day(s.last_used_at)}`, `signed in ${day(s.created_at)}`].filter(Boolean).join(" · ");
    return h(
      "li",
      { class: "row" },
      h("span", null, h("span", { class: "person-name" }, s.current ? `${s.browser} (this device)` : s.browser), h("br"), h("span", { class: "person-meta" }, where)),
      s.current
        ? null
        : h("button", { type: "button", class: "small", "aria-label": `Sign out ${s.browser}`, onclick: () => act(`/api/me/sessions/${s.id}`, `${s.browser} is signed out.`) }, "Sign out"),
    );
  }

  async function load() {
    try {
      const sessions = await api("/api/me/sessions");
      const others = sessions.filter((s) => !s.current).length;
      mount(
        list,
        h("ul", { class: "people" }, sessions.map(row)),
        others ? h("button", { type: "button", onclick: () => act("/api/me/sessions", "Signed out everywhere else.") }, "Sign out everywhere else") : null,
      );
    } catch (error) {
      mount(list, h("p", { role: "alert" }, errorText(error)));
    }
  }

  load();
  return h("section", { class: "card-section" }, h("h2", null, "Signed-in devices"), list, status);
}
