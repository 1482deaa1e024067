// Sign in: email, then the 6-digit code typed here (an installed app often cannot open
// the mailed link), or the link itself. Or a passkey: offered in the email field's
// autofill, and by a button.
import { api } from "../api.js";
import { t, tx } from "../i18n.js";
import * as passkeys from "../passkeys.js";
import { errorText, field, h, mount } from "../ui.js";

export function render(root, state) {
  const status = h("p", { class: "error", role: "alert" });
  const email = h("input", { type: "email", name: "email", autocomplete: "email", required: true, inputmode: "email" });
  // The autofill waits for as long as the screen shows; it is aborted when the person asks
  // for a code, presses the passkey button or leaves (one WebAuthn request at a time).
  let autofill = null;
  const stopAutofill = () => {
    autofill?.abort();
    autofill = null;
  };
  const passkeyFailed = (error) => {
    if (!passkeys.cancelled(error)) status.textContent = errorText(error);
  };
  async function startAutofill() {
    if (!(await passkeys.autofillAvailable()) || !email.isConnected) return;
    email.setAttribute("autocomplete", "username webauthn");
    stopAutofill();
    const controller = new AbortController();
    autofill = controller;
    try {
      await state.signedIn(await passkeys.signIn({ conditional: true, signal: controller.signal }));
    } catch (error) {
      // Not offered again by itself: the button (or a fresh visit) tries again.
      if (!controller.signal.aborted) passkeyFailed(error);
    }
  }
  const passkeyButton = passkeys.supported()
    ? h(
        "button",
        {
          type: "button",
          onclick: async ({ currentTarget: button }) => {
            stopAutofill();
            status.textContent = "";
            button.disabled = true;
            try {
              await state.signedIn(await passkeys.signIn());
            } catch (error) {
              passkeyFailed(error);
              button.disabled = false;
              startAutofill();
            }
          },
        },
        t("signin.passkey"),
      )
    : null;
  const code = h("input", {
    name: "code",
    inputmode: "numeric",
    autocomplete: "one-time-code",
    pattern: "[0-9]{6}",
    maxlength: "6",
    required: true,
  });
  const busy = (form, on) => form.querySelectorAll("button, input").forEach((el) => (el.disabled = on));

  const emailForm = h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        status.textContent = "";
        stopAutofill();
        busy(emailForm, true);
        try {
          await api("/api/auth/email", { method: "POST", json: { email: email.value.trim() } });
          showCode();
        } catch (error) {
          status.textContent = errorText(error);
        } finally {
          busy(emailForm, false);
        }
      },
    },
    field(t("signin.email"), email),
    h("button", { type: "submit", class: "primary" }, t("signin.send")),
    passkeyButton,
  );

  const codeForm = h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        status.textContent = "";
        busy(codeForm, true);
        try {
          const me = await api("/api/auth/verify", {
            method: "POST",
            json: { email: email.value.trim(), code: code.value.trim() },
          });
          await state.signedIn(me);
          passkeys.offer();
        } catch (error) {
          status.textContent = errorText(error);
          busy(codeForm, false);
        }
      },
    },
    field(t("signin.code"), code, t("signin.code_hint")),
    h("button", { type: "submit", class: "primary" }, t("signin.submit")),
    h("button", { type: "button", class: "link", onclick: () => showEmail() }, t("signin.other_email")),
  );

  function showEmail() {
    clearTimeout(waiting);
    mount(root, intro(), emailForm, status);
    email.focus();
    startAutofill();
  }

  // A code that does not come is the one failure the server cannot tell (its answer is
  // the same whether or not it mailed): after a while, say what the person can do.
  let waiting;
  const waitedInVain = h(
    "p",
    { class: "muted", hidden: true },
    t("signin.no_mail"),
  );

  function showCode() {
    stopAutofill();
    clearTimeout(waiting);
    waitedInVain.hidden = true;
    waiting = setTimeout(() => (waitedInVain.hidden = false), 60000);
    mount(root, intro(tx("signin.check", { email: email.value.trim() })), codeForm, waitedInVain, status);
    code.focus();
  }

  showEmail();
  return stopAutofill;
}

function intro(text = t("signin.lead")) {
  return [h("h1", { tabindex: "-1" }, t("signin.title")), h("p", { class: "lead" }, text)];
}
