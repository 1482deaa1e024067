// The Scan screen's camera: the rear one, its torch where it has one, and the reader of
// its frames, the browser's BarcodeDetector or, where there is none, the zxing-wasm
// polyfill served by our own origin (loaded only when the camera first runs).
import { t } from "../i18n.js";

let detecting = null;

function loadDetector() {
  detecting ??= (async () => {
    if ("BarcodeDetector" in window) {
      try {
        if ((await BarcodeDetector.getSupportedFormats()).includes("qr_code")) return new BarcodeDetector({ formats: ["qr_code"] });
      } catch {
        // fall through to the polyfill
      }
    }
    const { BarcodeDetector: Polyfill, prepareZXingModule } = await import("/vendor/barcode-detector/ponyfill.js");
    prepareZXingModule({
      overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? `/vendor/zxing-wasm/${path}` : prefix + path) },
    });
    return new Polyfill({ formats: ["qr_code"] });
  })();
  detecting.catch(() => (detecting = null));
  return detecting;
}

// Film into `video` and hand each code read to onCode while paused() is false; `status`
// says how it goes (and what to do instead when it cannot). Answers stop().
export function startCamera({ video, status, torch, paused, onCode }) {
  let stopped = false;
  let stream = null;
  let timer = null;
  const say = (key) => (status.textContent = t(key));
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    stream?.getTracks().forEach((track) => track.stop());
  };

  (async () => {
    if (!navigator.mediaDevices?.getUserMedia) return say("scan.camera_unsupported");
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (error) {
      return say(
        error.name === "NotAllowedError" ? "scan.camera_denied" : error.name === "NotFoundError" ? "scan.camera_missing" : "scan.camera_failed",
      );
    }
    if (stopped) return stop();
    video.srcObject = stream;
    await video.play().catch(() => {});
    const track = stream.getVideoTracks()[0];
    if (track?.getCapabilities?.().torch) {
      torch.hidden = false;
      torch.onclick = async () => {
        const on = torch.getAttribute("aria-pressed") !== "true";
        await track.applyConstraints({ advanced: [{ torch: on }] }).catch(() => {});
        torch.setAttribute("aria-pressed", String(on));
      };
    }
    say("scan.scanner_loading");
    let detector;
    try {
      detector = await loadDetector();
    } catch {
      return say("scan.scanner_failed");
    }
    say("scan.point");
    const tick = async () => {
      if (stopped) return;
      if (!paused() && video.readyState >= 2) {
        const codes = await detector.detect(video).catch(() => []);
        if (codes.length && !paused() && !stopped) onCode(codes[0].rawValue);
      }
      timer = setTimeout(tick, 120);
    };
    tick();
  })();
  return stop;
}
