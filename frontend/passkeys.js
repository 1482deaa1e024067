// Passkeys (WebAuthn): the server's options in, the browser's answer out, as JSON. Where
// the browser has no WebAuthn, supported() is false and nothing of this is shown.
import { api } from "./api.js";
import { t } from "./i18n.js";
import { errorText, h } from "./ui.js";

export const supported = () => Boolean(window.PublicKeyCredential && navigator.credentials?.create && navigator.credentials?.get);

// Autofill of passkeys on the email field ("conditional mediation").
export async function autofillAvailable() {
  return supported() && Boolean(await PublicKeyCredential.isConditionalMediationAvailable?.().catch(() => false));
}

const bytes = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const text64 = (buffer) =>
  btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

// Browsers before the JSON helpers (Safari < 17.4, older Chrome) get the bytes decoded here.
function creationOptions(json) {
  if (PublicKeyCredential.parseCreationOptionsFromJSON) return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  return {
    ...json,
    challenge: bytes(json.challenge),
    user: { ...json.user, id: bytes(json.user.id) },
    excludeCredentials: (json.excludeCredentials ?? []).map((c) => ({ ...c, id: bytes(c.id) })),
  };
}

function requestOptions(json) {
  if (PublicKeyCredential.parseRequestOptionsFromJSON) return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  return {
    ...json,
    challenge: bytes(json.challenge),
    allowCredentials: (json.allowCredentials ?? []).map((c) => ({ ...c, id: bytes(c.id) })),
  };
}

// What the server reads (WebAuthn's JSON names). Built by hand, not toJSON(): some
// password managers hand back credentials whose toJSON() is missing or broken.
function answer(credential) {
  const r = credential.response;
  const base = { id: credential.id, rawId: text64(credential.rawId), type: credential.type };
  if (credential.authenticatorAttachment) base.authenticatorAttachment = credential.authenticatorAttachment;
  if (r.attestationObject) {
    return {
      ...base,
      response: {
        clientDataJSON: text64(r.clientDataJSON),
        attestationObject: text64(r.attestationObject),
        transports: r.getTransports?.() ?? [],
      },
    };
  }
  return {
    ...base,
    response: {
      clientDataJSON: text64(r.clientDataJSON),
      authenticatorData: text64(r.authenticatorData),
      signature: text64(r.signature),
      ...(r.userHandle ? { userHandle: text64(r.userHandle) } : {}),
    },
  };
}

// Sign in. `signal` aborts it (the person asked for a code instead); conditional: offered
// in the email field's autofill, waiting until the person picks one.
export async function signIn({ conditional = false, signal } = {}) {
  const options = await api("/api/auth/passkey/options", { method: "POST" });
  const credential = await navigator.credentials.get({
    publicKey: requestOptions(options),
    signal,
    ...(conditional ? { mediation: "conditional" } : {}),
  });
  return api("/api/auth/passkey", { method: "POST", json: { credential: answer(credential) } });
}

export async function create(name = deviceName()) {
  const options = await api("/api/me/passkeys/options", { method: "POST" });
  const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
  return api("/api/me/passkeys", { method: "POST", json: { credential: answer(credential), name } });
}

// A name to tell passkeys apart in the list; the person can rename it.
function deviceName() {
  const ua = navigator.userAgent;
  const platform =
    navigator.userAgentData?.platform ||
    [["Android", /Android/], ["iPhone", /iPhone/], ["iPad", /iPad/], ["Mac", /Macintosh/], ["Windows", /Windows/], ["Linux", /Linux/]].find(([, re]) => re.test(ua))?.[0];
  return platform ? t("passkeys.on_device", { platform }) : t("passkeys.one");
}

// Cancelled by the person (or aborted by us): nothing to say.
export const cancelled = (error) => error?.name === "NotAllowedError" || error?.name === "AbortError";

// After a sign-in by mailed code, on a device that can hold a passkey: offered once, in a
// box of its own (a notice would be replaced by the next one, such as "available offline").
export async function offer() {
  if (!supported() || localStorage.getItem("passkey-offered")) return;
  const platform = await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable?.().catch(() => false);
  if (!platform) return;
  localStorage.setItem("passkey-offered", "1");
  const text = h("p", { "aria-live": "polite" }, t("passkeys.offer"));
  const close = () => {
    box.remove();
    window.removeEventListener("hashchange", leftApp);
  };
  const done = (message) => {
    text.textContent = message;
    buttons.remove();
    setTimeout(close, 6000);
  };
  // Signed out meanwhile: the offer was for that person.
  const leftApp = () => location.hash.startsWith("#/signin") && close();
  const buttons = h(
    "div",
    { class: "row" },
    h(
      "button",
      {
        type: "button",
        class: "primary small",
        onclick: async ({ currentTarget: button }) => {
          button.disabled = true;
          try {
            await create();
            done(t("passkeys.offer_created"));
          } catch (error) {
            if (cancelled(error)) done(t("passkeys.offer_declined"));
            else text.textContent = errorText(error);
            button.disabled = false;
          }
        },
      },
      t("passkeys.create"),
    ),
    h("button", { type: "button", class: "link", onclick: close }, t("common.not_now")),
  );
  const box = h("aside", { class: "offer", "aria-label": t("passkeys.one") }, text, buttons);
  window.addEventListener("hashchange", leftApp);
  document.body.append(box);
}
