// The photo together: one photo, taken with the camera (or picked from the phone), on my
// note of that meeting. Only I ever see it; the phone's copy keeps it for offline cards
// (the service worker stores note photos as it does profile photos).
import { api } from "../api.js";
import { t } from "../i18n.js";
import { errorText, h, mount } from "../ui.js";

const sameDay = (a, b) => Boolean(a && b) && new Date(a).toDateString() === new Date(b).toDateString();

// The note the photo goes on: after a scan, a note of that encounter; on the card, my
// newest note if it is from the day we last met. Without one, a note is made for it.
async function noteFor(card, encounterId) {
  const last = card.relationship.last_met?.at;
  const ours = card.notes.find((n) => !n.photo_url && (encounterId ? n.encounter_id === encounterId : sameDay(n.created_at, last)));
  if (ours) return ours.id;
  const note = { client_id: crypto.randomUUID(), body: t("photo.note"), ...(encounterId ? { encounter_id: encounterId } : {}) };
  return (await api(`/api/people/${card.person.id}/notes`, { method: "POST", json: note })).id;
}

export function photoButton(card, { encounterId, saved }) {
  const box = h("div", { class: "stack" });
  const status = h("p", { role: "status", class: "muted" });
  const file = h("input", { type: "file", accept: "image/*", hidden: true, "aria-label": t("photo.choose") });
  let stream = null;

  const stop = () => {
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
  };

  async function upload(blob) {
    status.textContent = t("photo.saving");
    try {
      const id = await noteFor(card, encounterId);
      await api(`/api/notes/${id}/photo`, { method: "PUT", body: blob, headers: { "Content-Type": blob.type || "image/jpeg" }, timeout: 60000 });
      idle();
      status.textContent = t("photo.saved");
      await saved?.();
    } catch (error) {
      status.textContent = errorText(error);
    }
  }

  async function camera() {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: { ideal: "user" }, width: { ideal: 1280 } } });
    } catch {
      status.textContent = t("photo.no_camera");
      return;
    }
    const video = h("video", { class: "viewfinder", muted: true, playsinline: true, "aria-label": t("photo.camera") });
    video.srcObject = stream;
    const take = () => {
      const canvas = h("canvas", { width: video.videoWidth, height: video.videoHeight });
      canvas.getContext("2d").drawImage(video, 0, 0);
      stop();
      canvas.toBlob((blob) => blob && upload(blob), "image/jpeg", 0.9);
    };
    mount(
      box,
      h("div", { class: "camera" }, video),
      h(
        "div",
        { class: "row" },
        h("button", { type: "button", class: "primary", onclick: take }, t("photo.take")),
        h("button", { type: "button", onclick: idle }, t("common.cancel")),
      ),
    );
    await video.play().catch(() => {});
  }

  function idle() {
    stop();
    mount(
      box,
      h(
        "div",
        { class: "row" },
        navigator.mediaDevices?.getUserMedia ? h("button", { type: "button", onclick: camera }, t("photo.add")) : null,
        h("button", { type: "button", onclick: () => file.click() }, t("photo.choose")),
      ),
    );
  }

  file.addEventListener("change", () => file.files[0] && upload(file.files[0]));
  idle();
  return h("div", { class: "card-section" }, box, file, status);
}

// A note's photo, with Remove where the server can be asked.
export function notePhoto(note, { reload, online }) {
  if (!note.photo_url) return null;
  const remove = async () => {
    if (!confirm(t("photo.remove_sure"))) return;
    await api(`/api/notes/${note.id}/photo`, { method: "DELETE" }).catch(() => {});
    await reload?.();
  };
  return h(
    "figure",
    { class: "note-photo" },
    h("img", { src: note.photo_url, alt: t("photo.alt"), decoding: "async" }),
    online ? h("button", { type: "button", class: "small danger", onclick: remove }, t("photo.remove")) : null,
  );
}
