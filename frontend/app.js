// Placeholder until the PWA lands: completes a mailed sign-in link.
const token = new URLSearchParams(location.hash.slice(1)).get("token");
if (location.pathname === "/signin" && token) {
  const response = await fetch("/api/auth/verify", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token }),
  });
  document.querySelector("#app").append(
    Object.assign(document.createElement("p"), {
      textContent: response.ok ? "You are signed in." : "That link is used or expired.",
    }),
  );
}
