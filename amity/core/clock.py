"""The one clock that every time-dependent rule reads. Tests set it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta


def _system_now() -> datetime:
    return datetime.now(UTC)


_now: Callable[[], datetime] = _system_now


def now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return _now()


class FrozenClock:
    """A clock that stands still until moved: ``clock.advance(hours=2)``."""

    def __init__(self, at: datetime) -> None:
        self.at = at.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> datetime:
        """Move the clock forward by ``timedelta(**delta)`` and return the new time."""
        self.at += timedelta(**delta)
        return self.at


@contextmanager
def frozen(at: datetime) -> Iterator[FrozenClock]:
    """Freeze ``now()`` at ``at`` inside the block."""
    global _now
    clock = FrozenClock(at)
    previous, _now = _now, clock
    try:
        yield clock
    finally:
        _now = previous
