// The one way the app talks to the server. Errors carry the API's stable code; a failed
// network (offline, conference Wi-Fi gone) is an Offline error the callers can tell apart.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

export class Offline extends Error {
  constructor() {
    super("offline");
    this.name = "Offline";
  }
}

export async function api(path, { method = "GET", json, body, headers = {}, timeout = 15000 } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: json === undefined ? headers : { "Content-Type": "application/json", ...headers },
      body: json === undefined ? body : JSON.stringify(json),
      signal: AbortSignal.timeout(timeout),
    });
  } catch {
    throw new Offline();
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new Event("mb:signed-out"));
    throw new ApiError(response.status, data?.code ?? "error", data?.message ?? "");
  }
  return data;
}

export async function text(path) {
  try {
    const response = await fetch(path, { credentials: "same-origin" });
    return response.ok ? response.text() : null;
  } catch {
    throw new Offline();
  }
}
