"""Rate limits, counted outside the request's transaction.

Counts must survive the request's rollback (a wrong code raises, and must still count),
and be shared by every worker: Redis when configured, else PostgreSQL through its own
autocommit connection; the embedded SQLite default runs one process and counts in memory.

A count belongs to a window that ends at a given minute (epoch minutes). Windows of every
length are swept by that end alone, so a short window never clears a long one.
"""

import math
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Protocol, cast

from sqlalchemy import Engine, Table
from sqlalchemy.dialects.postgresql import insert as pg_insert

from .auth.models import RateLimitHit
from .errors import TooManyRequests
from .security import sha256_hex


def _minute_now() -> float:
    return time.time() / 60


class Counter(Protocol):
    def incr(self, key: str, ends: int) -> int: ...
    def get(self, key: str, ends: int) -> int: ...


class MemoryCounter:
    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()
        self._next_sweep = 0.0

    def incr(self, key: str, ends: int) -> int:
        with self._lock:
            now = _minute_now()
            if now >= self._next_sweep:  # at most once a minute
                self._counts = {k: v for k, v in self._counts.items() if k[1] > now}
                self._next_sweep = now + 1
            count = self._counts.get((key, ends), 0) + 1
            self._counts[(key, ends)] = count
            return count

    def get(self, key: str, ends: int) -> int:
        with self._lock:
            return self._counts.get((key, ends), 0)


class RedisCounter:
    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)

    def incr(self, key: str, ends: int) -> int:
        name = f"metbefore:rl:{key}:{ends}"
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expireat(name, ends * 60 + 1)
        count, _ = pipe.execute()
        return int(count)

    def get(self, key: str, ends: int) -> int:
        value = self._redis.get(f"metbefore:rl:{key}:{ends}")
        return int(value) if value else 0


_TABLE = cast(Table, RateLimitHit.__table__)


class PostgresCounter:
    """Rows of rate_limits: `window` holds the minute the window ends."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")

    @staticmethod
    def _stored(key: str) -> str:
        # The column holds 200 characters; a key carrying a long address (up to 254)
        # is stored as its digest.
        return key if len(key) <= 200 else "sha256:" + sha256_hex(key)

    def incr(self, key: str, ends: int) -> int:
        table = _TABLE
        stmt = (
            pg_insert(table)
            .values(key=self._stored(key), window=ends, count=1)
            .on_conflict_do_update(
                index_elements=["key", "window"], set_={"count": table.c.count + 1}
            )
            .returning(table.c.count)
        )
        with self._engine.connect() as conn:
            count = int(conn.execute(stmt).scalar_one())
            if count == 1:  # a new window: sweep the ended ones now and then
                conn.execute(table.delete().where(table.c.window < int(_minute_now())))
            return count

    def get(self, key: str, ends: int) -> int:
        table = _TABLE
        with self._engine.connect() as conn:
            value = conn.execute(
                table.select()
                .with_only_columns(table.c.count)
                .where(table.c.key == self._stored(key), table.c.window == ends)
            ).scalar()
            return int(value or 0)


class Limiter:
    def __init__(self, counter: Counter, clock: Callable[[], float] = time.time) -> None:
        self.counter = counter
        # Which window is current: epoch seconds (a test that runs for minutes pins it, so
        # that its counts do not straddle the end of an hour).
        self.clock = clock

    def _window(self, seconds: int) -> tuple[int, int]:
        """The current fixed window of this length (whole minutes): its end (epoch minute)
        and the seconds left until then."""
        now = self.clock()
        end = (int(now) // seconds + 1) * seconds
        return math.ceil(end / 60), math.ceil(end - now)

    def hit(
        self,
        key: str,
        *,
        limit: int,
        seconds: int,
        message: str | None = None,
    ) -> None:
        """Count one attempt; refuse it (429) once the window already holds `limit`."""
        ends, retry_after = self._window(seconds)
        if self.counter.incr(f"{key}:{seconds}", ends) > limit:
            raise TooManyRequests(retry_after, message)

    def check(
        self,
        key: str,
        *,
        limit: int,
        seconds: int,
        message: str | None = None,
    ) -> None:
        """Refuse (429) if the window is already full, without counting."""
        ends, retry_after = self._window(seconds)
        if self.counter.get(f"{key}:{seconds}", ends) >= limit:
            raise TooManyRequests(retry_after, message)

    def take(self, key: str, *, limit: int, seconds: int) -> bool:
        """Count one use; whether it was within the window's `limit` (no refusal: the
        caller decides what an exhausted allowance means)."""
        ends, _ = self._window(seconds)
        return self.counter.incr(f"{key}:{seconds}", ends) <= limit

    def used(self, key: str, *, seconds: int) -> tuple[int, int]:
        """How much of the current window is used, and the seconds until it ends."""
        ends, retry_after = self._window(seconds)
        return self.counter.get(f"{key}:{seconds}", ends), retry_after

    def retry_after(self, seconds: int) -> int:
        return self._window(seconds)[1]

    def tries(self, key: str, *, until: datetime) -> int:
        """Count one try against a budget that lasts until `until` (say, a code's expiry),
        and answer how many there have been."""
        return self.counter.incr(key, math.ceil(until.timestamp() / 60))
