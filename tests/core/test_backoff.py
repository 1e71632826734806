"""Backoff: exponential growth, the cap, jitter bounds, Retry-After honoured."""

from __future__ import annotations

from bugzot_desktop.core.backoff import Backoff


def test_nominal_doubles_up_to_the_cap():
    b = Backoff(base=5, factor=2, cap=60)
    assert [b.nominal(n) for n in range(1, 7)] == [5, 10, 20, 40, 60, 60]
    assert b.nominal(10_000) == 60  # no overflow for absurd attempt counts


def test_jitter_stays_between_half_and_full_delay():
    b = Backoff(base=8, factor=2, cap=1000, jitter=0.5)
    assert b.delay(1, rand=lambda: 0.0) == 8.0
    assert b.delay(1, rand=lambda: 1.0) == 4.0
    assert b.delay(3, rand=lambda: 0.5) == 24.0


def test_retry_after_wins_when_longer_and_is_bounded():
    b = Backoff(base=5, cap=60)
    assert b.delay(1, retry_after=120, rand=lambda: 0.0) == 120.0
    assert b.delay(1, retry_after=1, rand=lambda: 0.0) == 5.0
    assert b.delay(1, retry_after=10**9, rand=lambda: 0.0) == 86_400.0
    assert b.delay(1, retry_after=0, rand=lambda: 0.0) == 5.0
