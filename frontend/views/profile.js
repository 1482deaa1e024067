// My profile: the fields, a photo taken or picked (made small in the browser before it
// is sent), and signing out.
import { api } from "../api.js";
import * as outbox from "../outbox.js";
import * as store from "../store.js";
import { t, tx } from "../i18n.js";
import { errorText, field, h, mount, photo } from "../ui.js";
import { languageSection } from "./language.js";
import { nowSection } from "./now.js";

// Brand names stay as they are; "website" is a word.
const LINKS = { website: "", mastodon: "Mastodon", bluesky: "Bluesky", linkedin: "LinkedIn", facebook: "Facebook", x: "X" };
const MAX_SIDE = 1024;

// Resize on the phone: a 12-megapixel photo would be slow to send on conference Wi-Fi.
async function shrink(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error(t("profile.photo_unreadable")))), "image/jpeg", 0.85),
  );
}

export function render(root, state) {
  const me = state.me;
  const friendFields = { bio: t("profile.show_bio"), interests: t("profile.show_interests"), links: t("profile.show_links"), other_names: t("profile.show_other_names") };
  const status = h("p", { role: "status", class: "muted" });
  const input = (name, props = {}) => {
    const el = h("input", { name, autocomplete: "off", ...props });
    el.value = me[name] ?? "";
    return el;
  };
  const inputs = {
    display_name: input("display_name", { required: true, maxlength: "120", autocomplete: "name" }),
    pronouns: input("pronouns", { maxlength: "40" }),
    title: input("title", { maxlength: "160", autocomplete: "organization-title" }),
    affiliation: input("affiliation", { maxlength: "160", autocomplete: "organization" }),
  };
  const otherNames = h("textarea", { name: "other_names", rows: "2", autocomplete: "off" });
  otherNames.value = (me.other_names ?? []).join("\n");
  const bio = h("textarea", { name: "bio", rows: "4", maxlength: "2000" });
  bio.value = me.bio ?? "";
  const interests = h("input", { name: "interests", autocomplete: "off" });
  interests.value = (me.interests ?? []).join(", ");
  const links = Object.fromEntries(
    Object.keys(LINKS).map((kind) => {
      const el = h("input", { name: kind, autocomplete: "off", inputmode: "url", maxlength: "300" });
      el.value = me.links?.[kind] ?? "";
      return [kind, el];
    }),
  );
  const check = (name) => h("input", { type: "checkbox", name, checked: Boolean(me[name]) });
  const photoOnBadge = check("photo_on_badge");
  const shareEmail = check("share_email");
  const shown = Object.fromEntries(
    Object.keys(friendFields).map((name) => [name, h("input", { type: "checkbox", name: `show_${name}`, checked: me.friend_fields?.includes(name) ?? true })]),
  );

  const takePhoto = h("input", { type: "file", accept: "image/*", capture: "user", class: "visually-hidden", id: "take-photo" });
  const pickPhoto = h("input", { type: "file", accept: "image/*", class: "visually-hidden", id: "pick-photo" });
  const photoStatus = h("p", { role: "status", class: "muted" });
  const current = h("div", { class: "photo-now" }, photo(me.photo_url, me.display_name, "large"));
  for (const chooser of [takePhoto, pickPhoto]) {
    chooser.addEventListener("change", async () => {
      const file = chooser.files?.[0];
      if (!file) return;
      photoStatus.textContent = t("profile.uploading");
      try {
        const blob = await shrink(file);
        state.me = await api("/api/me/photo", { method: "PUT", body: blob, headers: { "Content-Type": "image/jpeg" }, timeout: 60000 });
        mount(current, photo(state.me.photo_url, state.me.display_name, "large"));
        photoStatus.textContent = t("profile.photo_updated");
        state.refresh();
      } catch (error) {
        photoStatus.textContent = errorText(error);
      }
      chooser.value = "";
    });
  }

  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        const changes = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value.trim()]));
        changes.other_names = otherNames.value.split("\n").map((s) => s.trim()).filter(Boolean);
        changes.bio = bio.value.trim();
        changes.interests = interests.value.split(",").map((s) => s.trim()).filter(Boolean);
        changes.links = Object.fromEntries(Object.entries(links).map(([k, el]) => [k, el.value.trim()]).filter(([, v]) => v));
        changes.photo_on_badge = photoOnBadge.checked;
        changes.share_email = shareEmail.checked;
        changes.friend_fields = Object.keys(shown).filter((name) => shown[name].checked);
        status.textContent = t("common.saving");
        try {
          state.me = await api("/api/me", { method: "PATCH", json: changes });
          await store.put("kv", state.me, "me");
          status.textContent = t("common.saved");
          state.refresh();
        } catch (error) {
          status.textContent = errorText(error);
        }
      },
    },
    field(t("profile.name"), inputs.display_name),
    field(t("profile.other_names"), otherNames, t("profile.other_names_hint")),
    field(t("profile.pronouns"), inputs.pronouns),
    field(t("profile.job_title"), inputs.title),
    field(t("profile.affiliation"), inputs.affiliation),
    field(t("profile.bio"), bio, t("profile.bio_hint")),
    field(t("profile.interests"), interests, t("profile.interests_hint")),
    h("fieldset", null, h("legend", null, t("profile.links")), Object.entries(LINKS).map(([k, label]) => field(label || t("profile.website"), links[k]))),
    h("label", { class: "check" }, photoOnBadge, " ", t("profile.photo_on_badge")),
    h("label", { class: "check" }, shareEmail, " ", h("span", null, tx("profile.share_email", { email: me.email }))),
    h("fieldset", null, h("legend", null, t("profile.friends_see")), Object.entries(friendFields).map(([name, label]) => h("label", { class: "check" }, shown[name], ` ${label}`))),
    h("button", { type: "submit", class: "primary" }, t("profile.save")),
    status,
  );

  mount(
    root,
    h("h1", { tabindex: "-1" }, t("profile.title")),
    h(
      "section",
      { class: "photo" },
      current,
      h(
        "div",
        { class: "row" },
        takePhoto,
        h("label", { for: "take-photo", class: "button" }, t("profile.take_photo")),
        pickPhoto,
        h("label", { for: "pick-photo", class: "button" }, t("profile.choose_photo")),
      ),
      photoStatus,
    ),
    form,
    nowSection(state),
    h(
      "section",
      { class: "card-section" },
      h("h2", null, t("profile.this_phone")),
      h("p", null, h("a", { class: "button", href: "#/account" }, t("profile.my_data"))),
      h(
        "button",
        {
          type: "button",
          class: "danger",
          onclick: async () => {
            const waiting = (await outbox.items()).length;
            if (waiting && !confirm(t("profile.sign_out_sure", { n: waiting }))) return;
            await state.signOut();
          },
        },
        t("common.sign_out"),
      ),
    ),
    languageSection(state),
  );
}
