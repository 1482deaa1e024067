// The language of the app and of my mail: kept on the account (mail follows it, another
// phone takes it at sign-in) and on this phone (it holds offline).
import { api } from "../api.js";
import * as i18n from "../i18n.js";
import * as store from "../store.js";
import { errorText, field, h } from "../ui.js";

export function languageSection(state) {
  const status = h("p", { role: "status", class: "muted" });
  const picker = h(
    "select",
    { name: "language" },
    i18n.LOCALES.map((code) => h("option", { value: code, lang: code }, i18n.nameOf(code))),
  );
  picker.value = i18n.language();
  picker.addEventListener("change", async () => {
    await i18n.choose(picker.value);
    try {
      state.me = await api("/api/me", { method: "PATCH", json: { language: picker.value } });
      await store.put("kv", state.me, "me");
      state.go("#/profile"); // this screen again, in its new words
    } catch (error) {
      status.textContent = errorText(error); // offline: this phone speaks it meanwhile
    }
  });
  return h("section", { class: "card-section" }, field(i18n.t("language.label"), picker, i18n.t("language.hint")), status);
}
