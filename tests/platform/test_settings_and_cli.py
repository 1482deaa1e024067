"""Settings that refuse to run unsafely, and the operator CLI run as a real process."""

import os
import subprocess
import sys
from collections.abc import Callable

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from metbefore.auth.models import SignInCode
from metbefore.config import DEFAULT_SECRET, Settings
from tests.conftest import Server


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings read METBEFORE_* from the environment: start from none of them."""
    for name in [n for n in os.environ if n.startswith("METBEFORE_")]:
        monkeypatch.delenv(name)


def test_production_with_the_default_secret_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("METBEFORE_ENVIRONMENT", "production")

    with pytest.raises(ValidationError, match="METBEFORE_SECRET_KEY"):
        Settings()
    with pytest.raises(ValidationError, match="METBEFORE_SECRET_KEY"):
        Settings(secret_key=DEFAULT_SECRET)
    with pytest.raises(ValidationError, match="METBEFORE_SECRET_KEY"):
        Settings(secret_key="short-but-not-default")


def test_production_with_a_real_secret_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METBEFORE_ENVIRONMENT", "production")
    monkeypatch.setenv("METBEFORE_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("METBEFORE_SMTP_URL", "smtp://mail.example.org:587")
    monkeypatch.setenv("METBEFORE_MAIL_FROM", "Met Before <signin@example.org>")

    assert Settings().environment == "production"


def test_production_refuses_the_placeholder_sender_and_no_mail_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("METBEFORE_ENVIRONMENT", "production")
    monkeypatch.setenv("METBEFORE_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("METBEFORE_SMTP_URL", "smtp://mail.example.org:587")

    with pytest.raises(ValidationError, match="METBEFORE_MAIL_FROM"):
        Settings()  # the default sender, at .invalid
    with pytest.raises(ValidationError, match="METBEFORE_MAIL_FROM"):
        Settings(mail_from="signin@metbefore.INVALID")
    with pytest.raises(ValidationError, match="METBEFORE_SMTP_URL"):
        Settings(mail_from="signin@example.org", smtp_url="")


def test_development_runs_with_the_default_secret() -> None:
    assert Settings().secret_key == DEFAULT_SECRET


@pytest.mark.parametrize("base_url", ["example.org", "ftp://example.org", "https://"])
def test_a_base_url_that_is_not_a_web_address_is_refused(base_url: str) -> None:
    with pytest.raises(ValidationError, match="METBEFORE_BASE_URL"):
        Settings(base_url=base_url)


@pytest.mark.parametrize(
    ("base_url", "origin"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("https://MetBefore.Example.org/", "https://metbefore.example.org"),
        ("https://metbefore.example.org:443/app", "https://metbefore.example.org"),
        ("http://example.org:80", "http://example.org"),
        ("https://example.org:8443", "https://example.org:8443"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_the_origin_is_what_browsers_send(base_url: str, origin: str) -> None:
    # Writes are refused unless the Origin header equals it exactly.
    assert Settings(base_url=base_url).origin == origin


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("METBEFORE_")}
    return subprocess.run(
        [sys.executable, "-m", "metbefore", *args],
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_server_with_the_default_secret_does_not_start(database_url: str) -> None:
    result = run_cli(
        "serve",
        "--no-migrate",
        METBEFORE_ENVIRONMENT="production",
        METBEFORE_DATABASE_URL=database_url,
    )

    assert result.returncode != 0
    assert "METBEFORE_SECRET_KEY" in result.stderr


def test_cli_login_link_signs_in(
    database_url: str, server: Server, client: Callable[[], httpx.Client]
) -> None:
    result = run_cli(
        "login-link",
        "Organizer@Example.org",
        METBEFORE_DATABASE_URL=database_url,
        METBEFORE_BASE_URL=server.url,
    )

    assert result.returncode == 0, result.stderr
    link = result.stdout.strip()
    prefix = f"{server.url}/signin#token="
    assert link.startswith(prefix)
    c = client()
    assert c.get(link.split("#")[0]).status_code == 200  # the page the link opens
    response = c.post("/api/auth/verify", json={"token": link.removeprefix(prefix)})
    assert response.status_code == 200, response.text
    assert response.json()["email"] == "organizer@example.org"
    assert c.get("/api/me").status_code == 200


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "x@example.org\nBcc: y@example.org"])
def test_cli_login_link_rejects_a_bad_email(
    email: str, database_url: str, server: Server, session: Session
) -> None:
    result = run_cli(
        "login-link", email, METBEFORE_DATABASE_URL=database_url, METBEFORE_BASE_URL=server.url
    )

    assert result.returncode != 0
    assert "not a valid email address" in result.stderr
    assert "/signin" not in result.stdout
    assert session.scalar(select(func.count()).select_from(SignInCode)) == 0
