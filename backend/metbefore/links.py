"""OpenAPI links: which value of one answer the next call takes (the event made, then its
page; the note written, then its edit), so that clients and schema fuzzers can chain."""

from typing import Any

# (path, method, status) of the answer: {parameter: (expression, [(path, method), …])}
LINKS: dict[tuple[str, str, str], dict[str, tuple[str, list[tuple[str, str]]]]] = {
    ("/api/events", "post", "201"): {
        "slug": (
            "$response.body#/slug",
            [
                ("/api/events/{slug}", "get"),
                ("/api/events/{slug}", "patch"),
                ("/api/events/{slug}/join", "post"),
                ("/api/events/{slug}/attendees", "get"),
                ("/api/events/{slug}/organizers", "get"),
                ("/api/events/{slug}/friends-attending", "get"),
                ("/api/events/{slug}/badges.pdf", "get"),
            ],
        )
    },
    ("/api/people/{person_id}/notes", "post", "201"): {
        "note_id": (
            "$response.body#/id",
            [
                ("/api/notes/{note_id}", "patch"),
                ("/api/notes/{note_id}", "delete"),
                ("/api/notes/{note_id}/photo", "put"),
            ],
        )
    },
    ("/api/scans", "post", "201"): {
        "person_id": (
            "$response.body#/card/person/id",
            [
                ("/api/people/{person_id}", "get"),
                ("/api/people/{person_id}/notes", "get"),
                ("/api/people/{person_id}/notes", "post"),
                ("/api/people/{person_id}/block", "post"),
                ("/api/people/{person_id}/connection", "delete"),
            ],
        )
    },
    ("/api/me/passkeys", "post", "201"): {
        "passkey_id": (
            "$response.body#/id",
            [
                ("/api/me/passkeys/{passkey_id}", "patch"),
                ("/api/me/passkeys/{passkey_id}", "delete"),
            ],
        )
    },
    ("/api/introductions", "post", "201"): {
        "introduction_id": (
            "$response.body#/id",
            [
                ("/api/introductions/{introduction_id}/accept", "post"),
                ("/api/introductions/{introduction_id}/decline", "post"),
            ],
        )
    },
}


def _pointer(path: str, method: str) -> str:
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method


def add_links(schema: dict[str, Any]) -> None:
    """Write LINKS into the schema; a link to an operation that is not there is an error."""
    paths = schema["paths"]
    for (path, method, status), parameters in LINKS.items():
        links = paths[path][method]["responses"][status].setdefault("links", {})
        for parameter, (expression, targets) in parameters.items():
            for target, target_method in targets:
                assert target_method in paths[target], f"no {target_method} {target}"
                name = f"{target_method.capitalize()}{target.replace('{', '').replace('}', '')}"
                links[name.replace("/", "_").replace(".", "_").replace("-", "_")] = {
                    "operationRef": _pointer(target, target_method),
                    "parameters": {parameter: expression},
                }
