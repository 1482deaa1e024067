// My badge: a QR big enough to scan from arm's length, name and affiliation under it.
// Drawn from the phone's copy, so it shows with no network.
import { t } from "../i18n.js";
import { h, mount } from "../ui.js";

export function render(root, state) {
  let chosen = 0;

  function draw() {
    const badges = state.badges;
    const me = state.me;
    const badge = badges[chosen];
    const qr = badge?.svg
      ? qrImage(badge.svg, badge.kind === "event" ? t("badge.qr_event", { event: badge.event_name }) : t("badge.qr_personal"))
      : h("p", { class: "qr qr-missing" }, t("badge.missing"));
    const picker =
      badges.length > 1
        ? h(
            "div",
            { class: "segmented", role: "group", "aria-label": t("badge.which") },
            badges.map((b, i) =>
              h("button", { type: "button", "aria-pressed": String(i === chosen), onclick: () => ((chosen = i), draw()) }, label(b)),
            ),
          )
        : null;
    mount(
      root,
      h("h1", { tabindex: "-1", class: "visually-hidden" }, t("badge.title")),
      h(
        "section",
        { class: "badge" },
        picker,
        qr,
        me.display_name
          ? h("p", { class: "badge-name" }, me.display_name)
          : h("a", { class: "badge-name", href: "#/profile" }, t("badge.add_name")),
        me.pronouns ? h("p", { class: "badge-meta" }, me.pronouns) : null,
        me.title || me.affiliation ? h("p", { class: "badge-meta" }, [me.title, me.affiliation].filter(Boolean).join(", ")) : null,
        h("p", { class: "hint" }, t("badge.hint")),
        h("a", { class: "button primary", href: "#/scan" }, t("meet.scan")),
      ),
    );
  }

  draw();
  state.events.addEventListener("copy", draw);
  return () => state.events.removeEventListener("copy", draw);
}

function label(badge) {
  return badge.kind === "event" ? badge.event_name : t("badge.personal");
}

// Drawn inline from the server's SVG: only its viewBox and path are taken over, so no
// foreign markup enters the page, and the code stays sharp at any size.
export function qrImage(svg, label) {
  const NS = "http://www.w3.org/2000/svg";
  const source = new DOMParser().parseFromString(svg, "image/svg+xml");
  const image = document.createElementNS(NS, "svg");
  image.setAttribute("viewBox", source.documentElement.getAttribute("viewBox") ?? "0 0 45 45");
  image.setAttribute("class", "qr");
  image.setAttribute("role", "img");
  image.setAttribute("aria-label", label);
  for (const from of source.querySelectorAll("path")) {
    const path = document.createElementNS(NS, "path");
    path.setAttribute("d", from.getAttribute("d") ?? "");
    image.append(path);
  }
  return image;
}
