"""The Redis send-rate limiter shared by every worker: even spacing, and a 429 holding everyone back."""

from __future__ import annotations

import time

from redis import Redis

from workers.send_rate import RATE_KEY, SendRateLimiter


def test_reservations_are_spaced_at_the_configured_rate(redis: Redis) -> None:
    limiter = SendRateLimiter(redis, rate=10, burst=0)
    waits = [limiter.reserve() for _ in range(20)]

    assert waits[0] == 0
    assert waits == sorted(waits)
    # the 20th slot is 19 intervals of 100 ms after the first, less the time spent reserving
    assert 1.0 < waits[-1] <= 1.9


def test_two_limiters_share_one_budget(redis: Redis) -> None:
    first = SendRateLimiter(redis, rate=10, burst=0)
    second = SendRateLimiter(redis, rate=10, burst=0)
    waits = [limiter.reserve() for _ in range(5) for limiter in (first, second)]
    assert 0.4 < waits[-1] <= 0.9  # ten slots across both, one budget: the last is ~0.9 s out


def test_a_burst_allowance_lets_the_first_few_through_at_once(redis: Redis) -> None:
    limiter = SendRateLimiter(redis, rate=100, burst=0.05)  # 5 sends of tolerance
    waits = [limiter.reserve() for _ in range(5)]
    assert waits == [0, 0, 0, 0, 0]
    assert limiter.reserve() + limiter.reserve() > 0


def test_throttle_until_holds_every_reservation_back(redis: Redis) -> None:
    limiter = SendRateLimiter(redis, rate=1000)
    limiter.throttle_until(time.time() + 2)
    limiter.throttle_until(time.time() + 0.5)  # an earlier reset never shortens the hold
    assert 1.0 < limiter.reserve() <= 2.0


def test_state_expires_so_an_idle_limiter_costs_nothing(redis: Redis) -> None:
    SendRateLimiter(redis, rate=10).reserve()
    ttl = redis.pttl(RATE_KEY)
    assert 0 < ttl <= 1200
