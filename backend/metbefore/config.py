"""Settings, read from the environment with the METBEFORE_ prefix."""

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "development-only-secret-change-me"  # noqa: S105 - refused in production


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="METBEFORE_", extra="ignore")

    environment: Literal["development", "production"] = "development"
    data_dir: Path = Path("data")
    database_url: str = ""
    # localhost, not 127.0.0.1: browsers take no IP address as a passkey's relying party.
    base_url: str = "http://localhost:8000"
    secret_key: str = DEFAULT_SECRET
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    # Proxies whose X-Forwarded-For is believed: per-IP limits need the client's address.
    forwarded_allow_ips: str = "127.0.0.1"
    # FULL: an acknowledged scan survives power loss too, not only a crash (see README).
    sqlite_synchronous: Literal["NORMAL", "FULL"] = "FULL"

    smtp_url: str = ""
    mail_from: str = "Met Before <signin@metbefore.invalid>"  # refused in production
    # Mail goes through an outbox (mail/): senders in every worker, each with this many
    # SMTP connections; false when `metbefore send-mail` runs on its own instead.
    mail_in_workers: bool = True
    mail_connections: int = Field(default=2, ge=1, le=32)
    # A failed delivery is tried again after this, doubling, up to 60 times it.
    mail_retry_seconds: float = Field(default=5.0, gt=0)
    redis_url: str = ""

    # A session lasts session_days from its last use, and never past session_max_days.
    session_days: int = Field(default=30, ge=1)
    session_max_days: int = Field(default=365, ge=1)
    code_minutes: int = Field(default=15, ge=1)
    code_attempts: int = Field(default=5, ge=1)
    # Sign-in limits (auth/limits.py): codes to one address, and wrong codes for it.
    signin_mails_per_hour: int = Field(default=5, ge=1)
    signin_failures_per_address_per_hour: int = Field(default=10, ge=1)
    # Per network address: a whole conference signs in from the venue's one address, so
    # only what a crowd of attendees does not do is counted there: codes for addresses the
    # service does not know (new accounts), and wrong codes.
    signin_new_accounts_per_ip_per_hour: int = Field(default=100, ge=1)
    signin_failures_per_ip_per_hour: int = Field(default=200, ge=1)
    # Passkey sign-ins (options and assertions) per network address: a venue's crowd.
    signin_attempts_per_ip_per_hour: int = Field(default=10_000, ge=1)
    # ...except from an event's venue network its organizers declared, during the event.
    venue_new_accounts_per_hour: int = Field(default=2000, ge=1)
    max_photo_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    max_photo_pixels: int = Field(default=40_000_000, ge=1)
    max_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    # Attendee CSV imports: 20,000 rows of a few hundred bytes fit well under the size cap.
    import_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    import_max_rows: int = Field(default=20_000, ge=1)
    # A one-sided scan nobody confirmed leaves the scanned person's inbox this many days
    # after its event ended (or after the scan, without an event).
    pending_scan_days: int = Field(default=30, ge=1)
    # Badge sheets draw with the Noto fonts from npm; system fonts may add other scripts.
    badge_system_fonts: bool = True

    # GET /metrics (Prometheus), answered only to these networks (others get a 404).
    metrics: bool = False
    metrics_allow: str = "127.0.0.0/8,::1/128"
    # json: one object per line, for log collectors (see logs.py).
    log_format: Literal["text", "json"] = "text"

    @model_validator(mode="after")
    def _check(self) -> "Settings":
        if self.environment == "production" and (
            self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32
        ):
            raise ValueError(
                "METBEFORE_SECRET_KEY must be set to a random value of at least 32 characters "
                "in production"
            )
        if self.environment == "production":
            if not self.smtp_url:
                raise ValueError("METBEFORE_SMTP_URL must be set in production (sign-in codes)")
            if self.mail_from.rstrip("> ").lower().endswith(".invalid"):
                raise ValueError(
                    "METBEFORE_MAIL_FROM must be a real sender address in production, not the "
                    "placeholder at .invalid (receiving servers refuse it)"
                )
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'metbefore.db'}"
        for network in self.metrics_allow.split(","):
            try:
                ipaddress.ip_network(network.strip(), strict=False)
            except ValueError:
                raise ValueError(
                    f"METBEFORE_METRICS_ALLOW: {network.strip()!r} is not a network"
                ) from None
        self.base_url = self.base_url.rstrip("/")
        parts = urlsplit(self.base_url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise ValueError("METBEFORE_BASE_URL must be an http(s) URL such as https://host")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def mail_to_log(self) -> bool:
        """With no SMTP, mail goes to the log only where a developer reads it: text logs,
        not production (codes in a log collector would let its readers sign in)."""
        return not self.smtp_url and self.environment == "development" and self.log_format == "text"

    @property
    def is_https(self) -> bool:
        return self.base_url.lower().startswith("https://")

    @property
    def origin(self) -> str:
        """As browsers send it in the Origin header: no default port, lower-case host."""
        parts = urlsplit(self.base_url)
        scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
        if ":" in host:
            host = f"[{host}]"
        if parts.port and parts.port != {"http": 80, "https": 443}.get(scheme):
            host = f"{host}:{parts.port}"
        return f"{scheme}://{host}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
