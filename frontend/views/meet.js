// /m/{token}: a badge read by the phone's own camera app. Nothing is recorded until the
// person taps: a link opened by accident, or by a preview bot, must not count as a meeting.
import { t, tx } from "../i18n.js";
import * as store from "../store.js";
import { field, h, mount, sha256hex } from "../ui.js";
import { badgeToken, record } from "./scan-result.js";

export function render(root, state) {
  const token = badgeToken(`${location.origin}/m/${state.params[0] ?? ""}`);
  if (!token) {
    mount(root, h("h1", { tabindex: "-1" }, t("meet.not_badge")), h("a", { class: "button", href: "#/scan" }, t("meet.scan")));
    return;
  }
  const place = h("input", { name: "place", autocomplete: "off", maxlength: "200" });
  place.value = localStorage.getItem("place") ?? "";
  const result = h("div", { class: "result", "aria-live": "polite" });
  const question = h("h1", { tabindex: "-1" }, t("meet.question"));
  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        form.remove();
        localStorage.setItem("place", place.value.trim());
        question.textContent = t("meet.scanned");
        await record(token, { place: place.value.trim(), target: result, state });
      },
    },
    field(t("meet.where"), place),
    h("button", { type: "submit", class: "primary" }, t("meet.record")),
    h("a", { class: "button", href: "#/badge" }, t("common.cancel")),
  );
  mount(root, question, form, result);
  sha256hex(token)
    .then((hash) => store.friendByHash(hash))
    .then((friend) => {
      if (friend && form.isConnected) question.replaceChildren(...tx("meet.question_named", { name: friend.person.display_name }));
    });
}
