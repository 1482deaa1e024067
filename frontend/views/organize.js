// Organizers: create or edit an event, import the attendee CSV and read its report,
// download the badge sheets, share the organizing with others.
import { api } from "../api.js";
import { errorText, field, h, mount, notify } from "../ui.js";
import { slugFrom } from "./events.js";
import { networksSection } from "./venue-networks.js";

export function render(root, state) {
  const [slug] = state.params;
  if (!slug) {
    mount(root, h("h1", { tabindex: "-1" }, "New event"), eventForm(state, null));
    return;
  }
  let alive = true;
  mount(root, h("h1", { tabindex: "-1" }, "Loading…"));
  const path = `/api/events/${encodeURIComponent(slug)}`;
  Promise.all([api(path), api(`${path}/organizers`)]).then(
    ([event, organizers]) => {
      if (!alive) return;
      mount(
        root,
        h("h1", { tabindex: "-1" }, `Manage ${event.name}`),
        h("p", null, h("a", { href: `#/events/${event.slug}` }, "Event page")),
        shareLink(event),
        importSection(path, event),
        badgeSection(path),
        organizersSection(path, organizers),
        networksSection(path, event),
        h("h2", null, "Details"),
        eventForm(state, event),
      );
    },
    (error) => {
      if (alive) mount(root, h("h1", { tabindex: "-1" }, "Not available"), h("p", { role: "alert" }, errorText(error)));
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
    h("option", { value: "open" }, "Anyone with the link"),
    h("option", { value: "import" }, "Only the people I import"),
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
          status.textContent = "The last day cannot be before the first.";
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
        status.textContent = "Saving…";
        try {
          const saved = event
            ? await api(`/api/events/${encodeURIComponent(event.slug)}`, { method: "PATCH", json: data })
            : await api("/api/events", { method: "POST", json: { ...data, slug: slug.value } });
          status.textContent = "Saved.";
          if (!event) {
            notify(`${saved.name} is created. Now import its attendees.`);
            state.go(`#/organize/${saved.slug}`);
          }
        } catch (error) {
          status.textContent = error.code === "slug_taken" ? "That link is taken; choose another." : errorText(error);
        }
      },
    },
    field("Name", name),
    event ? null : field("Link", slug, "Lower-case letters, digits and hyphens, e.g. confx-2025. It cannot change later."),
    field("First day", starts),
    field("Last day", ends),
    field("Time zone", zone, "For example Europe/Lisbon."),
    zones,
    field("City", city),
    field("Venue", venue),
    field("Who can register", policy),
    h("button", { type: "submit", class: "primary" }, event ? "Save changes" : "Create event"),
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
  return field("Link to share with attendees", url);
}

function importSection(path, event) {
  const file = h("input", { type: "file", name: "file", accept: ".csv,text/csv", required: true });
  const report = h("div", { class: "report", "aria-live": "polite" });
  const count = h("p", null, `${event.attendee_count} registered.`);
  const button = h("button", { type: "submit", class: "primary" }, "Import attendees");
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
        mount(report, h("p", { class: "muted" }, "Importing…"));
        try {
          const result = await api(`${path}/attendees/import`, { method: "POST", body, timeout: 120000 });
          mount(report, reportView(result));
          const fresh = await api(path);
          count.textContent = `${fresh.attendee_count} registered.`;
        } catch (error) {
          mount(report, h("p", { class: "error" }, errorText(error)));
        }
        button.disabled = false;
      },
    },
    field("Attendee list (CSV)", file, "A header row naming columns email (required), name, affiliation, title, pronouns, role."),
    button,
  );
  return h("section", null, h("h2", null, "Attendees"), count, form, report);
}

function reportView(result) {
  const rejected = result.results.filter((r) => r.outcome === "rejected");
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return h(
    "div",
    null,
    h("h3", null, `Import report: ${plural(result.rows, "row")}`),
    h(
      "dl",
      { class: "facts tally" },
      [
        ["Created", result.created],
        ["Updated", result.updated],
        ["Unchanged", result.unchanged],
        ["Rejected", result.rejected],
        ["New accounts", result.new_people],
      ].map(([label, n]) => [h("dt", null, label), h("dd", null, String(n))]),
    ),
    rejected.length
      ? [
          h("h4", null, `Rejected rows (${rejected.length})`),
          h(
            "ul",
            { class: "plain rejected-rows" },
            rejected.map((r) => h("li", null, h("strong", null, `Line ${r.line}`), `${r.email ? ` (${r.email})` : ""}: ${r.reason ?? r.code}`)),
          ),
        ]
      : h("p", null, "No row was rejected."),
  );
}

function badgeSection(path) {
  const paper = h("select", { name: "paper" }, h("option", { value: "a4" }, "A4"), h("option", { value: "letter" }, "Letter"));
  const layout = h(
    "select",
    { name: "layout" },
    h("option", { value: "2x4" }, "8 per page (2 × 4)"),
    h("option", { value: "2x3" }, "6 per page (2 × 3)"),
  );
  const link = h("a", { class: "button primary", download: "" }, "Download badges (PDF)");
  const update = () => (link.href = `${path}/badges.pdf?paper=${paper.value}&layout=${layout.value}`);
  paper.addEventListener("change", update);
  layout.addEventListener("change", update);
  update();
  return h("section", { class: "stack" }, h("h2", null, "Badges to print"), field("Paper", paper), field("Layout", layout), link);
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
              "aria-label": `Remove ${p.display_name || p.email} as organizer`,
              onclick: async () => {
                try {
                  await api(`${path}/organizers/${p.person_id}`, { method: "DELETE" });
                  draw(people.filter((o) => o !== p));
                  status.textContent = `${p.display_name || p.email} no longer organizes this event.`;
                } catch (error) {
                  status.textContent = error.code === "last_organizer" ? "An event needs at least one organizer." : errorText(error);
                }
              },
            },
            "Remove",
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
          status.textContent = `${email.value.trim()} now organizes this event.`;
          email.value = "";
        } catch (error) {
          status.textContent = errorText(error);
        }
      },
    },
    field("Add an organizer by email", email),
    h("button", { type: "submit" }, "Add organizer"),
  );
  return h("section", null, h("h2", null, "Organizers"), list, form, status);
}
