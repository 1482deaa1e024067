"""Fixed-window rate limits, counted outside the request's transaction.

Counts must survive the request's rollback (a wrong code raises, and must still count),
and be shared by every worker: Redis when configured, else PostgreSQL through its own
autocommit connection; the embedded SQLite default runs one process and counts in memory.
"""

import threading
import time
from typing import Protocol, cast

from sqlalchemy import Engine, Table
from sqlalchemy.dialects.postgresql import insert as pg_insert

from .auth.models import RateLimitHit
from .errors import TooManyRequests


class Counter(Protocol):
    def incr(self, key: str, window: int, ttl: int) -> int: ...
    def get(self, key: str, window: int) -> int: ...


class MemoryCounter:
    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def incr(self, key: str, window: int, ttl: int) -> int:
        with self._lock:
            if len(self._counts) > 100_000:
                self._counts = {k: v for k, v in self._counts.items() if k[1] >= window}
            count = self._counts.get((key, window), 0) + 1
            self._counts[(key, window)] = count
            return count

    def get(self, key: str, window: int) -> int:
        with self._lock:
            return self._counts.get((key, window), 0)


class RedisCounter:
    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)

    def incr(self, key: str, window: int, ttl: int) -> int:
        name = f"metbefore:rl:{key}:{window}"
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, ttl)
        count, _ = pipe.execute()
        return int(count)

    def get(self, key: str, window: int) -> int:
        value = self._redis.get(f"metbefore:rl:{key}:{window}")
        return int(value) if value else 0


_TABLE = cast(Table, RateLimitHit.__table__)


class PostgresCounter:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")

    def incr(self, key: str, window: int, ttl: int) -> int:
        table = _TABLE
        stmt = (
            pg_insert(table)
            .values(key=key, window=window, count=1)
            .on_conflict_do_update(
                index_elements=["key", "window"], set_={"count": table.c.count + 1}
            )
            .returning(table.c.count)
        )
        with self._engine.connect() as conn:
            count = int(conn.execute(stmt).scalar_one())
            if count == 1:  # first hit of a window: sweep old windows now and then
                conn.execute(table.delete().where(table.c.window < window - 2))
            return count

    def get(self, key: str, window: int) -> int:
        table = _TABLE
        with self._engine.connect() as conn:
            value = conn.execute(
                table.select()
                .with_only_columns(table.c.count)
                .where(table.c.key == key, table.c.window == window)
            ).scalar()
            return int(value or 0)


class Limiter:
    def __init__(self, counter: Counter) -> None:
        self.counter = counter

    @staticmethod
    def _window(seconds: int) -> tuple[int, int]:
        now = int(time.time())
        return now // seconds, seconds - now % seconds

    def hit(self, key: str, *, limit: int, seconds: int, message: str | None = None) -> None:
        """Count one attempt; refuse it (429) once the window already holds `limit`."""
        window, retry_after = self._window(seconds)
        if self.counter.incr(f"{key}:{seconds}", window, seconds) > limit:
            raise TooManyRequests(retry_after, message)

    def check(self, key: str, *, limit: int, seconds: int, message: str | None = None) -> None:
        """Refuse (429) if the window is already full, without counting."""
        window, retry_after = self._window(seconds)
        if self.counter.get(f"{key}:{seconds}", window) >= limit:
            raise TooManyRequests(retry_after, message)
