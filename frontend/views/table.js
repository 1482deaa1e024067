// Tables: open one (its QR and a live roster) or sit down at one (its link, or its QR read
// by the scanner); from the roster, add the people actually met. Sitting down records
// nothing; each add is a scan, queued in the outbox like scans when the network drops.
import { api, ApiError } from "../api.js";
import { t } from "../i18n.js";
import * as outbox from "../outbox.js";
import { errorText, field, h, mount, photo } from "../ui.js";
import { qrImage } from "./badge.js";

const TOKEN = /^[A-Za-z0-9_-]{16,100}$/;
const POLL_MS = 3000;

// Only table URLs of this very origin (…/t/<token>).
export function tableToken(text) {
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  const match = url.origin === location.origin && url.pathname.match(/^\/t\/([A-Za-z0-9_-]{16,100})\/?$/);
  return match ? match[1] : null;
}

export function render(root, state) {
  const token = state.params[0];
  if (!token) return openForm(root, state);
  if (!TOKEN.test(token)) {
    mount(root, h("h1", { tabindex: "-1" }, t("table.not_ours")), h("a", { class: "button", href: "#/scan" }, t("tab.scan")));
    return null;
  }
  return seat(root, token);
}

function openForm(root, state) {
  const name = h("input", { name: "table-name", maxlength: "80", autocomplete: "off", placeholder: t("table.name_example") });
  const error = h("p", { class: "error", role: "alert" });
  const current = localStorage.getItem("table");
  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        error.textContent = "";
        try {
          const opened = await api("/api/tables", { method: "POST", json: { name: name.value.trim() } });
          state.go(`#/table/${opened.token}`);
        } catch (problem) {
          error.textContent = errorText(problem);
        }
      },
    },
    field(t("table.what"), name, t("table.what_hint")),
    h("button", { type: "submit", class: "primary" }, t("table.open")),
    error,
  );
  mount(
    root,
    h("h1", { tabindex: "-1" }, t("table.open")),
    h("p", { class: "lead" }, t("table.lead")),
    current ? h("a", { class: "button", href: `#/table/${current}` }, t("table.back")) : null,
    form,
  );
  return null;
}

function seat(root, token) {
  let table = null;
  let problem = "";
  let stopped = false;
  let timer = null;
  const waiting = new Set(); // added here, still in the outbox
  const heading = h("h1", { tabindex: "-1" }, t("table.title"));
  const body = h("div");
  mount(root, heading, body);

  async function load() {
    clearTimeout(timer);
    try {
      table = await (table ? api(`/api/tables/${token}`) : api(`/api/tables/${token}/join`, { method: "POST" }));
      problem = "";
      localStorage.setItem("table", token);
    } catch (error) {
      const over = error instanceof ApiError && [404, 409, 410].includes(error.status);
      if (over) {
        stopped = true;
        if (localStorage.getItem("table") === token) localStorage.removeItem("table");
      }
      problem = table && !(error instanceof ApiError) ? t("table.offline") : errorText(error);
    }
    if (stopped) table = null;
    draw();
    if (!stopped) timer = setTimeout(load, POLL_MS);
  }

  async function add(ids) {
    ids.forEach((id) => waiting.add(id));
    draw();
    await outbox.enqueueAdds({ token, person_ids: ids });
    await outbox.flush();
  }

  async function close() {
    try {
      await api(`/api/tables/${token}/close`, { method: "POST" });
      stopped = true;
      table = null;
      problem = t("table.closed");
      localStorage.removeItem("table");
      draw();
    } catch (error) {
      problem = errorText(error);
      draw();
    }
  }

  function row(member) {
    const p = member.person;
    const done = member.added_by_me ? t("table.met") : waiting.has(p.id) ? t("table.met_offline") : null;
    return h(
      "li",
      { class: "person" },
      photo(p.photo_url, p.display_name),
      h(
        "span",
        null,
        member.added_by_me ? h("a", { class: "person-name", href: `#/people/${p.id}` }, p.display_name) : h("span", { class: "person-name" }, p.display_name),
        h("span", { class: "person-meta" }, [p.pronouns, p.title, p.affiliation].filter(Boolean).join(" · ")),
      ),
      done
        ? h("span", { class: "pill" }, done)
        : h("button", { type: "button", class: "small", "aria-label": t("table.add_named", { name: p.display_name }), onclick: () => add([p.id]) }, t("table.add")),
    );
  }

  function draw() {
    heading.textContent = table?.name || t("table.title");
    const alert = problem ? h("p", { class: "error", role: "alert" }, problem) : null;
    if (!table) {
      mount(body, alert ?? h("p", { class: "loading" }, t("table.sitting")), stopped ? h("a", { class: "button", href: "#/scan" }, t("table.back_to_scan")) : null);
      return;
    }
    for (const m of table.members) if (m.added_by_me) waiting.delete(m.person.id);
    const others = table.members.filter((m) => !m.me);
    const toAdd = others.filter((m) => !m.added_by_me && !waiting.has(m.person.id));
    const qr = h("section", { class: "badge" }, qrImage(table.qr_svg, t("table.qr")), h("p", { class: "hint" }, t("table.qr_hint")));
    mount(
      body,
      alert,
      table.host ? qr : h("details", null, h("summary", null, t("table.show_code")), qr),
      h("h2", null, t("table.count", { n: table.members.length })),
      others.length ? h("ul", { class: "people" }, others.map(row)) : h("p", { class: "empty" }, t("table.nobody")),
      toAdd.length > 1 ? h("button", { type: "button", class: "primary", onclick: () => add(toAdd.map((m) => m.person.id)) }, t("table.met_everyone")) : null,
      table.host ? h("button", { type: "button", onclick: close }, t("table.close")) : null,
    );
  }

  const onSynced = (event) => {
    if (event.detail.token !== token || stopped) return;
    table = event.detail.table;
    draw();
  };
  const onChange = ({ detail }) => {
    const refused = detail.rejected.find((item) => item.token === token);
    if (refused && !problem) {
      problem = t("scan.not_recorded", { reason: refused.reason });
      draw();
    }
  };
  outbox.events.addEventListener("synced", onSynced);
  outbox.events.addEventListener("change", onChange);
  load();
  return () => {
    stopped = true;
    clearTimeout(timer);
    outbox.events.removeEventListener("synced", onSynced);
    outbox.events.removeEventListener("change", onChange);
  };
}
