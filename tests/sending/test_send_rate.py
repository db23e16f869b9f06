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
    # One send a second with 5 s of tolerance: 6 go at once; the seventh waits most of a second (a slow,
    # loaded machine taking a few ms between calls cannot refill a slot, as it could at 100/s).
    limiter = SendRateLimiter(redis, rate=1, burst=5.0)
    waits = [limiter.reserve() for _ in range(6)]  # the tolerance, plus the slot due now
    assert waits == [0, 0, 0, 0, 0, 0]
    assert limiter.reserve() > 0.5


def test_throttle_until_holds_every_reservation_back(redis: Redis) -> None:
    limiter = SendRateLimiter(redis, rate=1000)
    limiter.throttle_until(time.time() + 2)
    limiter.throttle_until(time.time() + 0.5)  # an earlier reset never shortens the hold
    assert 1.0 < limiter.reserve() <= 2.0


def test_state_expires_so_an_idle_limiter_costs_nothing(redis: Redis) -> None:
    SendRateLimiter(redis, rate=10).reserve()
    ttl = redis.pttl(RATE_KEY)
    assert 0 < ttl <= 1200


class CountingRedis(Redis):
    """A client that counts the Lua script calls it makes. Not the server's INFO commandstats: those
    count every client of the server, and the other test processes share it."""

    script_calls = 0

    def execute_command(self, *args: object, **options: object) -> object:
        if args and str(args[0]).upper() in ("EVALSHA", "EVAL"):
            self.script_calls += 1
        return super().execute_command(*args, **options)


def test_far_from_the_limit_one_redis_call_reserves_a_batch_of_sends(redis: Redis) -> None:
    counting = CountingRedis(connection_pool=redis.connection_pool)
    limiter = SendRateLimiter(counting, rate=100_000)
    slots = [limiter.take() for _ in range(255)]

    # Batches of 1, 2, 4 … 64, 64, 64: nine reservations (and the script's first load) for 255 sends.
    assert 9 <= counting.script_calls <= 10
    assert slots == sorted(slots)
    assert limiter.max_batch == 64


def test_near_the_limit_every_send_reserves_its_own_evenly_spaced_slot(redis: Redis) -> None:
    counting = CountingRedis(connection_pool=redis.connection_pool)
    limiter = SendRateLimiter(counting, rate=100, burst=0.05)  # batches of at most 5 while nothing waits
    slots = [limiter.take() for _ in range(40)]
    calls = counting.script_calls

    assert slots == sorted(slots)
    # Forty slots at 100/s span ~0.39 s however they were reserved (less the 5-slot burst allowance).
    assert slots[-1] - slots[0] >= 0.39 - 0.05 - 0.02
    assert calls >= 40 - 5 - 4  # once reservations wait, each send makes its own


def test_a_throttle_gives_up_the_slots_held_locally(redis: Redis) -> None:
    limiter = SendRateLimiter(redis, rate=100_000)
    for _ in range(10):
        limiter.take()  # now holding part of a batch
    limiter.throttle_until(time.time() + 2)
    assert limiter.take() - time.time() > 1.0
