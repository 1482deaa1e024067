"""deploy/compose.yaml, the production shape: every variable it gives the app is a setting
the app reads (a typo would be ignored silently), and the README documents each."""

from pathlib import Path

import yaml

from metbefore.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_compose_sets_only_settings_the_app_knows_and_the_readme_documents() -> None:
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    assert {"app", "db", "redis", "proxy"} <= set(services)
    app_env = services["app"]["environment"]
    assert app_env["METBEFORE_WORKERS"] == "2"
    assert app_env["METBEFORE_DATABASE_URL"].startswith("postgresql://")
    assert app_env["METBEFORE_REDIS_URL"].startswith("redis://redis")

    given = {
        name
        for service in services.values()
        for name in (service.get("environment") or {})
        if name.startswith("METBEFORE_")
    }
    known = {f"METBEFORE_{field.upper()}" for field in Settings.model_fields}
    assert given - {"METBEFORE_DOMAIN"} <= known, given - known  # the proxy's own
    assert known <= set(app_env), known - set(app_env)  # every setting, shown
    readme = (ROOT / "README.md").read_text()
    undocumented = {name for name in known if name not in readme and _family(name) not in readme}
    assert not undocumented, undocumented


def _family(name: str) -> str:
    """`METBEFORE_SIGNIN_MAILS_PER_IP_PER_HOUR` is documented as `…_PER_IP_PER_HOUR`."""
    return "…_" + name.split("_", 3)[-1]
