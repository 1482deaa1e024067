// My addresses on the My data screen: add one with the code mailed to it, make one
// primary, remove one; and when an added address turns out to be another account of
// mine, what merging it brings, and the merge after an explicit confirmation.
import { api } from "../api.js";
import { errorText, field, h, mount, notify } from "../ui.js";

export function addressesSection(state) {
  const list = h("div", null, h("p", { class: "muted" }, "Loading…"));
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
        ? h("span", { class: "pill" }, "Primary")
        : [
            act("Make primary", () => api(`/api/me/emails/${address.id}`, { method: "PATCH", json: { primary: true } })),
            act(
              "Remove",
              async () => {
                if (!confirm(`Remove ${address.email}? You can no longer sign in with it.`)) return;
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
            status.textContent = "Sending…";
            try {
              await api("/api/me/emails", { method: "POST", json: { email: email.value.trim() } });
              status.textContent = "";
              enterCode(email.value.trim().toLowerCase());
            } catch (error) {
              status.textContent = errorText(error);
            }
          },
        },
        field("Add an address", email, "We mail a code to it."),
        h("button", { type: "submit" }, "Send code"),
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
              notify(`${email} added: you can sign in with it too.`);
              askForCode();
              await load();
            } catch (error) {
              status.textContent = errorText(error);
            }
          },
        },
        field(`Code mailed to ${email}`, code),
        h("button", { type: "submit", class: "primary" }, "Add address"),
      ),
    );
    code.focus();
  }

  function offerMerge({ merge_token: token, preview }) {
    const brings = [
      `${preview.friends} ${preview.friends === 1 ? "friend" : "friends"}`,
      `${preview.pending_scans} pending ${preview.pending_scans === 1 ? "scan" : "scans"}`,
      `${preview.notes} ${preview.notes === 1 ? "note" : "notes"}`,
      `${preview.events} ${preview.events === 1 ? "event" : "events"}`,
      `${preview.badges} ${preview.badges === 1 ? "badge" : "badges"}`,
    ].join(", ");
    const sure = h("input", { type: "checkbox", name: "merge-sure" });
    const button = h("button", { type: "submit", class: "primary", disabled: true }, "Merge into this account");
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
              notify(`Merged: ${preview.email} is part of this account now.`);
              state?.refresh(); // the phone's copy: one person, the whole history
              askForCode();
              await load();
            } catch (error) {
              status.textContent = errorText(error);
              button.disabled = false;
            }
          },
        },
        h("h3", null, "This address has an account of its own"),
        h("p", null, `${preview.email} is the address of ${preview.display_name || "another account"}. You proved it is yours: merge it into this one, and it brings ${brings}.`),
        h("label", { class: "check" }, sure, " Merge them: one account, one history. This cannot be undone."),
        h("div", { class: "row" }, button, h("button", { type: "button", onclick: askForCode }, "Not now")),
      ),
    );
  }

  load();
  askForCode();
  return h("section", { class: "card-section" }, h("h2", null, "My addresses"), list, adding, status);
}
