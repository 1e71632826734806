"""Retry timing: jittered exponential backoff with a cap, and Retry-After honoured.

Pure functions with an injectable random source, so tests pin the jitter.
"""

from __future__ import annotations

import random as _random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """``delay(attempt)`` = uniform(0.5, 1.0) * min(cap, base * factor**(attempt-1)).

    "Equal jitter": never less than half the nominal delay (so a flaky server is not
    hammered), never more than the cap (so a report is retried at least every ``cap`` s).
    """

    base: float = 5.0
    factor: float = 2.0
    cap: float = 15 * 60.0
    jitter: float = 0.5  # fraction of the nominal delay that is randomised

    def nominal(self, attempt: int) -> float:
        """The un-jittered delay after the ``attempt``-th failed try (1-based)."""
        n = max(1, attempt)
        # Cap the exponent too: factor**n overflows float for large attempt counts.
        exp = min(n - 1, 64)
        return min(self.cap, self.base * self.factor**exp)

    def delay(
        self, attempt: int, retry_after: float | None = None, rand: Callable[[], float] = _random.random
    ) -> float:
        """Seconds to wait before the next try; a server's Retry-After wins if longer.

        Retry-After is honoured even above the cap (the server asked), but bounded at a day
        so a silly header cannot park a report forever.
        """
        nominal = self.nominal(attempt)
        d = nominal * (1.0 - self.jitter * rand())
        if retry_after is not None and retry_after > 0:
            d = max(d, min(float(retry_after), 86_400.0))
        return d


DEFAULT_BACKOFF = Backoff()
