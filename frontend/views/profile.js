// My profile: the fields, a photo taken or picked (made small in the browser before it
// is sent), and signing out.
import { api } from "../api.js";
import * as outbox from "../outbox.js";
import * as store from "../store.js";
import { errorText, field, h, mount, photo } from "../ui.js";
import { languageSection } from "./language.js";
import { nowSection } from "./now.js";

const LINKS = { website: "Website", mastodon: "Mastodon", bluesky: "Bluesky", linkedin: "LinkedIn", facebook: "Facebook", x: "X" };
const FRIEND_FIELDS = { bio: "Bio", interests: "Interest list", links: "Links", other_names: "Other names" };
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
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The photo could not be read."))), "image/jpeg", 0.85),
  );
}

export function render(root, state) {
  const me = state.me;
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
    Object.keys(FRIEND_FIELDS).map((name) => [name, h("input", { type: "checkbox", name: `show_${name}`, checked: me.friend_fields?.includes(name) ?? true })]),
  );

  const takePhoto = h("input", { type: "file", accept: "image/*", capture: "user", class: "visually-hidden", id: "take-photo" });
  const pickPhoto = h("input", { type: "file", accept: "image/*", class: "visually-hidden", id: "pick-photo" });
  const photoStatus = h("p", { role: "status", class: "muted" });
  const current = h("div", { class: "photo-now" }, photo(me.photo_url, me.display_name, "large"));
  for (const chooser of [takePhoto, pickPhoto]) {
    chooser.addEventListener("change", async () => {
      const file = chooser.files?.[0];
      if (!file) return;
      photoStatus.textContent = "Uploading…";
      try {
        const blob = await shrink(file);
        state.me = await api("/api/me/photo", { method: "PUT", body: blob, headers: { "Content-Type": "image/jpeg" }, timeout: 60000 });
        mount(current, photo(state.me.photo_url, state.me.display_name, "large"));
        photoStatus.textContent = "Photo updated.";
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
        status.textContent = "Saving…";
        try {
          state.me = await api("/api/me", { method: "PATCH", json: changes });
          await store.put("kv", state.me, "me");
          status.textContent = "Saved.";
          state.refresh();
        } catch (error) {
          status.textContent = errorText(error);
        }
      },
    },
    field("Name", inputs.display_name),
    field("Also known as", otherNames, "One per line, up to 5: a romanised, former or nickname. Friends see them and find you by them."),
    field("Pronouns", inputs.pronouns),
    field("Title", inputs.title),
    field("Affiliation", inputs.affiliation),
    field("About me", bio, "Only your friends see this."),
    field("Interests", interests, "Separated by commas."),
    h("fieldset", null, h("legend", null, "Links (only friends see them)"), Object.entries(LINKS).map(([k, label]) => field(label, links[k]))),
    h("label", { class: "check" }, photoOnBadge, " Show my photo to people who scan my badge"),
    h("label", { class: "check" }, shareEmail, ` Show my email (${me.email}) to my friends`),
    h("fieldset", null, h("legend", null, "My friends see"), Object.entries(FRIEND_FIELDS).map(([name, label]) => h("label", { class: "check" }, shown[name], ` ${label}`))),
    h("button", { type: "submit", class: "primary" }, "Save profile"),
    status,
  );

  mount(
    root,
    h("h1", { tabindex: "-1" }, "Profile"),
    h(
      "section",
      { class: "photo" },
      current,
      h(
        "div",
        { class: "row" },
        takePhoto,
        h("label", { for: "take-photo", class: "button" }, "Take photo"),
        pickPhoto,
        h("label", { for: "pick-photo", class: "button" }, "Choose photo"),
      ),
      photoStatus,
    ),
    form,
    nowSection(state),
    h(
      "section",
      { class: "card-section" },
      h("h2", null, "This phone"),
      h("p", null, h("a", { class: "button", href: "#/account" }, "My data: passkeys, export, blocked people, delete account")),
      h(
        "button",
        {
          type: "button",
          class: "danger",
          onclick: async () => {
            const waiting = (await outbox.items()).length;
            if (waiting && !confirm(`${waiting} scan(s) have not been sent yet and will be lost. Sign out anyway?`)) return;
            await state.signOut();
          },
        },
        "Sign out",
      ),
    ),
    languageSection(state),
  );
}
