"""Dan never met Ana or Ben. Whatever he sends to whichever route, with their ids, note
ids and badge tokens in the path, he gets nothing: no 2xx, and none of Ana's notes or
Ben's private fields in any answer (PRODUCT.md, acceptance story step 7)."""

import io
import itertools
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
from PIL import Image
from starlette.routing import Mount

from tests.conftest import Server
from tests.meetings.factories import Someone

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
PARAM = re.compile(r"{(\w+)(?::\w+)?}")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def route_table(app: Any) -> Iterator[tuple[str, frozenset[str]]]:
    """(path, methods) of every route, routers included by the app flattened; paths as
    the schema writes them ({id}, not {id:uuid})."""
    for route in app.routes:
        if hasattr(route, "effective_route_contexts"):  # an included APIRouter
            for context in route.effective_route_contexts():
                yield template(context.path), frozenset(context.original_route.methods)
        elif isinstance(route, Mount):  # the static front end
            yield route.path + "/{path}", frozenset({"GET", "HEAD"})
        else:
            yield template(route.path), frozenset(route.methods or ())


def template(path: str) -> str:
    return PARAM.sub(lambda m: "{" + m.group(1) + "}", path)


def sample(schema: dict, spec: dict) -> Any:
    """A value the schema accepts, to get past validation to the access checks."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return sample(spec["components"]["schemas"][name], spec)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return sample(next(s for s in schema[key] if s.get("type") != "null"), spec)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {
            name: sample(sub, spec)
            for name, sub in schema.get("properties", {}).items()
            if name in schema.get("required", ())
        }
    if kind == "array":
        return []
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    formats = {
        "uuid": str(uuid.uuid4()),
        "date": "2026-01-01",
        "date-time": datetime.now(UTC).isoformat(),
        "email": "dan@example.org",
    }
    return formats.get(schema.get("format", ""), "dan was here")


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (0, 90, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def request_body(spec: dict, path: str, method: str) -> dict[str, Any]:
    operation = spec["paths"].get(path, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return {"json": sample(content["application/json"]["schema"], spec)}
    if "image/jpeg" in content:
        return {"content": jpeg(), "headers": {"Content-Type": "image/jpeg"}}
    if content:  # some other upload (CSV, …): a plausible body of that type
        kind = next(iter(content))
        return {"content": b"name,email\nDan,dan@example.org\n", "headers": {"Content-Type": kind}}
    return {}


def setup_ana_and_ben(person: Callable[..., Someone]) -> tuple[Someone, Someone, list[str]]:
    canary = uuid.uuid4().hex[:8]
    ana = person(
        "Ana Lima",
        email=f"ana-{canary}@example.org",
        bio=f"ANA-BIO-{canary}",
        share_email=True,
    )
    ben = person(
        "Ben Ortiz",
        email=f"ben-{canary}@example.org",
        bio=f"BEN-BIO-{canary}",
        interests=[f"BEN-INTEREST-{canary}"],
        other_names=[f"BEN-AKA-{canary}"],
        links={"website": f"https://ben-{canary}.example"},
        share_email=True,
        photo_on_badge=False,
    )
    ana.meet(ben, place=f"PLACE-{canary}")
    ben.meet(ana)
    for author, subject in ((ana, ben), (ben, ana)):
        for i in range(2):
            body = {"body": f"NOTE-{author.name[:3]}-{i}-{canary}", "follow_up_on": "2026-01-01"}
            note = author.http.post(f"/api/people/{subject.id}/notes", json=body)
            assert note.status_code == 201, note.text
        assert author.http.put(
            "/api/me/photo", content=jpeg(), headers={"Content-Type": "image/jpeg"}
        ).is_success
    # Ana introduces Ben to Cara, and organizes an event that only its own people see.
    cara = person("Cara Diaz", bio=f"CARA-BIO-{canary}")
    ana.befriend(cara)
    intro = {"first_id": ben.id, "second_id": cara.id, "message": f"INTRO-{canary}"}
    assert ana.http.post("/api/introductions", json=intro).status_code == 201
    event = {"name": f"EVENT-{canary}", "slug": f"ev-{canary}", "join_policy": "import"}
    assert ana.http.post("/api/events", json=event).status_code == 201
    # Between conferences: Ana's line and her ask, which Ben answers.
    assert ana.http.put("/api/me/now", json={"text": f"NOW-{canary}"}).is_success
    ask = ana.http.post("/api/asks", json={"text": f"ASK-{canary}"})
    assert ask.status_code == 201, ask.text
    reply = {"text": f"REPLY-{canary}"}
    assert ben.http.post(f"/api/asks/{ask.json()['id']}/replies", json=reply).status_code == 201
    canaries = [
        f"CARA-BIO-{canary}",
        f"INTRO-{canary}",
        f"EVENT-{canary}",
        f"ANA-BIO-{canary}",
        f"BEN-BIO-{canary}",
        f"BEN-INTEREST-{canary}",
        f"BEN-AKA-{canary}",
        f"ben-{canary}",  # his email and his website
        f"ana-{canary}",
        f"PLACE-{canary}",
        f"NOW-{canary}",
        f"ASK-{canary}",
        f"REPLY-{canary}",
        f"NOTE-Ana-0-{canary}",
        f"NOTE-Ana-1-{canary}",
        f"NOTE-Ben-0-{canary}",
        f"NOTE-Ben-1-{canary}",
    ]
    return ana, ben, canaries


def their_identifiers(ana: Someone, ben: Someone) -> list[str]:
    """Every id and event slug found in what Ana and Ben see of their own data, and their
    badge tokens."""
    seen = ""
    for me, other in ((ana, ben), (ben, ana)):
        for path in (
            "/api/me",
            "/api/me/badges",
            "/api/me/export",
            "/api/inbox",
            "/api/friends",
            "/api/events",
            "/api/introductions",
            "/api/asks",
            f"/api/people/{other.id}",
            f"/api/people/{other.id}/notes",
        ):
            response = me.http.get(path)
            if response.is_success:
                seen += response.text
    ids = sorted(set(UUID.findall(seen)))
    assert {ana.id, ben.id, ana.badge_id, ben.badge_id} <= set(ids)
    slugs = sorted(set(re.findall(r'"slug":"([a-z0-9-]+)"', seen)))
    assert slugs
    return [*ids, *slugs, ana.token, ben.token]


def assert_nothing_leaks(response: httpx.Response, canaries: list[str], what: str) -> None:
    for canary in canaries:
        assert canary not in response.text, f"{what} leaked {canary}"


def test_a_stranger_gets_nothing_from_any_route(
    person: Callable[..., Someone], server: Server
) -> None:
    ana, ben, canaries = setup_ana_and_ben(person)
    values = their_identifiers(ana, ben)
    dan = person("Dan Wu")
    spec = dan.http.get("/openapi.json").json()
    shell = dan.http.get("/").text
    routes = sorted(set(route_table(server.app)))
    listed = {(p, m.upper()) for p, ops in spec["paths"].items() for m in ops}
    assert listed <= {(p, m) for p, methods in routes for m in methods}, "routes not walked"
    answered = 0

    for path, methods in routes:
        params = PARAM.findall(path)
        if not params:  # about Dan himself: read what he can read, nothing of theirs
            if "GET" in methods:
                response = dan.http.get(path, params={"q": "a"})
                assert_nothing_leaks(response, canaries, f"GET {path}")
            continue
        for combo in itertools.product(values, repeat=len(params)):
            url = path.format(**dict(zip(params, combo, strict=True)))
            for method in METHODS:
                body = request_body(spec, path, method) if method in methods else {}
                response = dan.http.request(method, url, **body)
                answered += 1
                what = f"{method} {url} ({path})"
                assert response.status_code < 500, f"{what}: {response.status_code}"
                assert_nothing_leaks(response, canaries, what)
                if response.is_success:  # only the app's shell, the same for any URL
                    assert not path.startswith("/api/"), f"{what}: {response.status_code}"
                    assert response.headers["content-type"].startswith("text/html"), what
                    assert response.text in (shell, ""), what

    assert answered > 500
    for q in ("Ana", "Ben", "Lima", "Ortiz", "BEN-AKA"):
        for path in ("/api/people", "/api/friends"):
            assert dan.http.get(path, params={"q": q}).json()["items"] == []
    # Nothing Dan sent changed anything of theirs.
    assert ana.card(ben)["relationship"]["status"] == "mutual"
    assert len(ana.card(ben)["notes"]) == len(ben.card(ana)["notes"]) == 2
    assert [b["token"] for b in ana.http.get("/api/me/badges").json()] == [ana.token]


def test_scanning_a_badge_shows_a_stranger_the_badge_fields_only(
    person: Callable[..., Someone],
) -> None:
    ana, ben, canaries = setup_ana_and_ben(person)
    dan = person("Dan Wu")

    scanned = dan.scan(ben.token, place="hallway")

    assert scanned.status_code == 201
    assert_nothing_leaks(scanned, canaries, "scan")
    card = scanned.json()["card"]
    assert card["person"]["display_name"] == "Ben Ortiz"
    assert card["person"]["photo_url"] is None  # not on his badge
    assert card["notes"] == []
    assert card["mutual_friends"] == {"count": 0, "some": []}
    assert [len(g["meetings"]) for g in card["relationship"]["meetings_by_event"]] == [1]
    for path in (f"/api/people/{ben.id}", f"/api/people/{ben.id}/notes", "/api/people"):
        assert_nothing_leaks(dan.http.get(path), canaries, path)
    assert dan.http.get(f"/api/people/{ben.id}/photo").status_code == 404
    assert dan.http.get(f"/api/people/{ana.id}").status_code == 404
