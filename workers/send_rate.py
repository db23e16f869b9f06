"""One send-rate limit shared by every worker on every host: a GCRA reservation in Redis."""

from __future__ import annotations

import time

from redis import Redis

RATE_KEY = "coach:sending:rate"  # the theoretical arrival time of the next send, in microseconds
THROTTLE_KEY = "coach:sending:throttled_until"  # set after a 429: nobody sends before this

# Reserve one send slot and answer how many microseconds the caller must wait before using it.
# The clock is Redis's own (TIME), so workers on different hosts agree; reservations never fail,
# they queue up, which spaces sends evenly at `rate` per second with a small burst allowance.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local emission = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local throttled = tonumber(redis.call('GET', KEYS[2]) or '0')
local depart = math.max(now, tat - tolerance, throttled)
local new_tat = math.max(tat, depart) + emission
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.floor((new_tat - now) / 1000) + 1000)
return math.floor(depart - now)
"""

# Raise the shared "nobody sends before" mark, never lower it (two 429s may race).
_THROTTLE = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1
"""


class SendRateLimiter:
    """`wait()` before each send; `throttle_until()` after a 429 holds every worker back."""

    def __init__(self, redis: Redis, rate: int, burst: float = 0.05) -> None:
        self.redis = redis
        self.rate = rate
        self._emission_us = 1_000_000 / rate
        self._tolerance_us = self._emission_us * max(1.0, rate * burst)
        self._reserve = redis.register_script(_RESERVE)
        self._throttle = redis.register_script(_THROTTLE)

    def reserve(self) -> float:
        """Reserve the next slot; seconds to wait before using it."""
        wait_us = self._reserve(keys=[RATE_KEY, THROTTLE_KEY], args=[self._emission_us, self._tolerance_us])
        return max(0, int(wait_us)) / 1_000_000

    def wait(self) -> float:
        """Block until this caller may send; seconds waited."""
        delay = self.reserve()
        if delay > 0:
            time.sleep(delay)
        return delay

    def throttle_until(self, reset_at: float) -> None:
        """No worker sends before `reset_at` (Unix seconds), SendGrid's X-RateLimit-Reset."""
        ttl_ms = max(1, int((reset_at - time.time()) * 1000) + 1000)
        self._throttle(keys=[THROTTLE_KEY], args=[int(reset_at * 1_000_000), ttl_ms])
