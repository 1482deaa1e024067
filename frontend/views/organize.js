// Organizers: create or edit an event, import the attendee CSV and read its report,
// download the badge sheets, share the organizing with others.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { errorText, field, h, mount, notify } from "../ui.js";
import { slugFrom } from "./events.js";
import { networksSection } from "./venue-networks.js";

export function render(root, state) {
  const [slug] = state.params;
  if (!slug) {
    mount(root, h("h1", { tabindex: "-1" }, t("organize.new")), eventForm(state, null));
    return;
  }
  let alive = true;
  mount(root, h("h1", { tabindex: "-1" }, t("common.loading")));
  const path = `/api/events/${encodeURIComponent(slug)}`;
  Promise.all([api(path), api(`${path}/organizers`)]).then(
    ([event, organizers]) => {
      if (!alive) return;
      mount(
        root,
        h("h1", { tabindex: "-1" }, t("organize.manage", { event: event.name })),
        h("p", null, h("a", { href: `#/events/${event.slug}` }, t("organize.event_page"))),
        shareLink(event),
        importSection(path, event),
        badgeSection(path),
        organizersSection(path, organizers),
        networksSection(path, event),
        h("h2", null, t("organize.details")),
        eventForm(state, event),
      );
    },
    (error) => {
      if (alive) mount(root, h("h1", { tabindex: "-1" }, t("organize.unavailable")), h("p", { role: "alert" }, errorText(error)));
    },
  );
  return () => (alive = false);
}

function eventForm(state, event) {
  const input = (name, props = {}) => {
    const el = h("input", { name, autocomplete: "off", ...props });
    el.value = event?.[name] ?? "";
    return el;
  };
  const name = input("name", { required: true, maxlength: "200" });
  const slug = input("slug", {
    required: true,
    maxlength: "80",
    pattern: "[a-z0-9]+(-[a-z0-9]+)*",
    autocapitalize: "none",
    spellcheck: "false",
  });
  const starts = input("starts_on", { type: "date" });
  const ends = input("ends_on", { type: "date" });
  const zone = input("timezone", { required: true, maxlength: "64", list: "zones", autocapitalize: "none" });
  if (!event) zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const zones = h("datalist", { id: "zones" }, (Intl.supportedValuesOf?.("timeZone") ?? []).map((z) => h("option", { value: z })));
  const city = input("city", { maxlength: "120" });
  const venue = input("venue", { maxlength: "200" });
  const policy = h(
    "select",
    { name: "join_policy" },
    h("option", { value: "open" }, t("organize.policy_open")),
    h("option", { value: "import" }, t("organize.policy_import")),
  );
  policy.value = event?.join_policy ?? "open";
  const status = h("p", { role: "status", class: "muted" });

  // A new event's slug follows its name until the organizer types one.
  let slugTouched = false;
  slug.addEventListener("input", () => (slugTouched = true));
  name.addEventListener("input", () => {
    if (!event && !slugTouched) slug.value = suggestSlug(name.value);
  });

  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (submit) => {
        submit.preventDefault();
        if (starts.value && ends.value && ends.value < starts.value) {
          status.textContent = t("organize.days_reversed");
          ends.focus();
          return;
        }
        const data = {
          name: name.value.trim(),
          starts_on: starts.value || null,
          ends_on: ends.value || null,
          timezone: zone.value.trim(),
          city: city.value.trim(),
          venue: venue.value.trim(),
          join_policy: policy.value,
        };
        status.textContent = t("common.saving");
        try {
          const saved = event
            ? await api(`/api/events/${encodeURIComponent(event.slug)}`, { method: "PATCH", json: data })
            : await api("/api/events", { method: "POST", json: { ...data, slug: slug.value } });
          status.textContent = t("common.saved");
          if (!event) {
            notify(t("organize.created", { event: saved.name }));
            state.go(`#/organize/${saved.slug}`);
          }
        } catch (error) {
          status.textContent = errorText(error);
        }
      },
    },
    field(t("organize.name"), name),
    event ? null : field(t("organize.link"), slug, t("organize.link_hint")),
    field(t("organize.first_day"), starts),
    field(t("organize.last_day"), ends),
    field(t("events.timezone"), zone, t("organize.timezone_hint")),
    zones,
    field(t("organize.city"), city),
    field(t("organize.venue"), venue),
    field(t("organize.who"), policy),
    h("button", { type: "submit", class: "primary" }, event ? t("organize.save") : t("organize.create")),
    status,
  );
  return form;
}

// "Conférence X 2026" → "conference-x-2026"
function suggestSlug(name) {
  const ascii = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  return slugFrom(ascii.replace(/[^a-z0-9]+/g, "-").slice(0, 80).replace(/^-+|-+$/g, "")) ?? "";
}

function shareLink(event) {
  if (event.join_policy !== "open") return null;
  const url = h("input", { readonly: true, name: "share", value: `${location.origin}/events/${event.slug}` });
  return field(t("organize.share"), url);
}

function importSection(path, event) {
  const file = h("input", { type: "file", name: "file", accept: ".csv,text/csv", required: true });
  const report = h("div", { class: "report", "aria-live": "polite" });
  const count = h("p", null, t("organize.registered", { n: event.attendee_count }));
  const button = h("button", { type: "submit", class: "primary" }, t("organize.import"));
  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (submit) => {
        submit.preventDefault();
        const chosen = file.files?.[0];
        if (!chosen) return;
        const body = new FormData();
        body.append("file", chosen);
        button.disabled = true;
        mount(report, h("p", { class: "muted" }, t("organize.importing")));
        try {
          const result = await api(`${path}/attendees/import`, { method: "POST", body, timeout: 120000 });
          mount(report, reportView(result));
          const fresh = await api(path);
          count.textContent = t("organize.registered", { n: fresh.attendee_count });
        } catch (error) {
          mount(report, h("p", { class: "error" }, errorText(error)));
        }
        button.disabled = false;
      },
    },
    field(t("organize.csv"), file, t("organize.csv_hint")),
    button,
  );
  return h("section", null, h("h2", null, t("organize.attendees")), count, form, report);
}

function reportView(result) {
  const rejected = result.results.filter((r) => r.outcome === "rejected");
  return h(
    "div",
    null,
    h("h3", null, t("organize.report", { n: result.rows })),
    h(
      "dl",
      { class: "facts tally" },
      [
        [t("organize.created_rows"), result.created],
        [t("organize.updated_rows"), result.updated],
        [t("organize.unchanged_rows"), result.unchanged],
        [t("organize.rejected_rows"), result.rejected],
        [t("organize.new_accounts"), result.new_people],
      ].map(([label, n]) => [h("dt", null, label), h("dd", null, String(n))]),
    ),
    rejected.length
      ? [
          h("h4", null, t("organize.rejected_title", { n: rejected.length })),
          h(
            "ul",
            { class: "plain rejected-rows" },
            rejected.map((r) => h("li", null, h("strong", null, t("organize.line", { n: r.line })), `${r.email ? ` (${r.email})` : ""}: ${r.reason ?? r.code}`)),
          ),
        ]
      : h("p", null, t("organize.none_rejected")),
  );
}

function badgeSection(path) {
  const paper = h("select", { name: "paper" }, h("option", { value: "a4" }, "A4"), h("option", { value: "letter" }, t("organize.letter")));
  const layout = h(
    "select",
    { name: "layout" },
    h("option", { value: "2x4" }, t("organize.per_page", { n: 8, grid: "2 × 4" })),
    h("option", { value: "2x3" }, t("organize.per_page", { n: 6, grid: "2 × 3" })),
  );
  const link = h("a", { class: "button primary", download: "" }, t("organize.download"));
  const update = () => (link.href = `${path}/badges.pdf?paper=${paper.value}&layout=${layout.value}`);
  paper.addEventListener("change", update);
  layout.addEventListener("change", update);
  update();
  return h("section", { class: "stack" }, h("h2", null, t("organize.badges")), field(t("organize.paper"), paper), field(t("organize.layout"), layout), link);
}

function organizersSection(path, organizers) {
  const list = h("ul", { class: "plain" });
  const status = h("p", { role: "status", class: "muted" });
  const email = h("input", { type: "email", name: "email", autocomplete: "off", required: true, maxlength: "254" });

  const draw = (people) =>
    mount(
      list,
      people.map((p) =>
        h(
          "li",
          { class: "row organizer" },
          h("span", null, p.display_name || p.email),
          h(
            "button",
            {
              type: "button",
              class: "small",
              "aria-label": t("organize.remove_organizer", { name: p.display_name || p.email }),
              onclick: async () => {
                try {
                  await api(`${path}/organizers/${p.person_id}`, { method: "DELETE" });
                  draw(people.filter((o) => o !== p));
                  status.textContent = t("organize.removed", { name: p.display_name || p.email });
                } catch (error) {
                  status.textContent = errorText(error);
                }
              },
            },
            t("common.remove"),
          ),
        ),
      ),
    );
  draw(organizers);

  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (submit) => {
        submit.preventDefault();
        try {
          draw(await api(`${path}/organizers`, { method: "POST", json: { email: email.value.trim() } }));
          status.textContent = t("organize.added", { name: email.value.trim() });
          email.value = "";
        } catch (error) {
          status.textContent = errorText(error);
        }
      },
    },
    field(t("organize.add_by_email"), email),
    h("button", { type: "submit" }, t("organize.add")),
  );
  return h("section", null, h("h2", null, t("organize.organizers")), list, form, status);
}
