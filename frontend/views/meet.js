// /m/{token}: a badge read by the phone's own camera app. Nothing is recorded until the
// person taps: a link opened by accident, or by a preview bot, must not count as a meeting.
import * as store from "../store.js";
import { field, h, mount, sha256hex } from "../ui.js";
import { badgeToken, record } from "./scan.js";

export function render(root, state) {
  const token = badgeToken(`${location.origin}/m/${state.params[0] ?? ""}`);
  if (!token) {
    mount(root, h("h1", { tabindex: "-1" }, "Not a Met Before badge"), h("a", { class: "button", href: "#/scan" }, "Scan a badge"));
    return;
  }
  const place = h("input", { name: "place", autocomplete: "off", maxlength: "200" });
  place.value = localStorage.getItem("place") ?? "";
  const result = h("div", { class: "result", "aria-live": "polite" });
  const question = h("h1", { tabindex: "-1" }, "Record a meeting with this badge's owner?");
  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        form.remove();
        localStorage.setItem("place", place.value.trim());
        question.textContent = "Badge scanned";
        await record(token, { place: place.value.trim(), target: result, state });
      },
    },
    field("Where are you?", place),
    h("button", { type: "submit", class: "primary" }, "Record meeting"),
    h("a", { class: "button", href: "#/badge" }, "Cancel"),
  );
  mount(root, question, form, result);
  sha256hex(token)
    .then((hash) => store.friendByHash(hash))
    .then((friend) => {
      if (friend && form.isConnected) question.textContent = `Record meeting with ${friend.person.display_name}?`;
    });
}
