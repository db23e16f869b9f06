"""One send-rate limit shared by every worker on every host: a GCRA reservation in Redis.

Far from the limit a process reserves its slots in batches (one Redis call for up to MAX_BATCH
sends, spaced locally at the rate), so the limiter costs a round trip per batch rather than per
email; as soon as a reservation has to wait (the shared budget is nearly spent) the batch drops
back to one slot per call, which spaces every send exactly as before.
"""

from __future__ import annotations

import threading
import time

from redis import Redis

RATE_KEY = "coach:sending:rate"  # the theoretical arrival time of the next send, in microseconds
THROTTLE_KEY = "coach:sending:throttled_until"  # set after a 429: nobody sends before this
MAX_BATCH = 64  # slots one Redis call may reserve for this process
# Held slots this far in the past are given up. Using them late sends at most one batch at once,
# and a batch never exceeds the burst the shared budget tolerates (rate x burst).
STALE_AFTER = 1.0

# Reserve ARGV[3] consecutive send slots; answer the microseconds to wait before using the first.
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
local new_tat = math.max(tat, depart) + emission * tonumber(ARGV[3])
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
    """`wait()` before each send; `throttle_until()` after a 429 holds every worker back. Thread-safe."""

    def __init__(self, redis: Redis, rate: int, burst: float = 0.05) -> None:
        self.redis = redis
        self.rate = rate
        self._emission_us = 1_000_000 / rate
        self._tolerance_us = self._emission_us * max(1.0, rate * burst)
        self._reserve = redis.register_script(_RESERVE)
        self._throttle = redis.register_script(_THROTTLE)
        # Slots reserved but not used yet: never more than the burst the shared budget allows anyway.
        self.max_batch = max(1, min(MAX_BATCH, int(rate * burst)))
        self._batch = 1
        self._lock = threading.Lock()
        self._next_at = 0.0  # Unix seconds of the next locally held slot
        self._left = 0

    def reserve(self, count: int = 1) -> float:
        """Reserve the next `count` slots; seconds to wait before using the first one."""
        wait_us = self._reserve(
            keys=[RATE_KEY, THROTTLE_KEY], args=[self._emission_us, self._tolerance_us, count]
        )
        return max(0, int(wait_us)) / 1_000_000

    def take(self) -> float:
        """Claim a slot (from the local batch, or a new reservation); Unix seconds when it may be used."""
        with self._lock:
            now = time.time()
            if self._left == 0 or self._next_at < now - STALE_AFTER:
                delay = self.reserve(self._batch)
                # Never before a slot already handed out: Redis may let a batch depart early (the burst).
                self._next_at, self._left = max(now + delay, self._next_at), self._batch
                # Near the limit every send reserves its own slot; far from it, batches double.
                self._batch = 1 if delay > 0 else min(self.max_batch, self._batch * 2)
            at = self._next_at
            self._next_at += self._emission_us / 1_000_000
            self._left -= 1
            return at

    def wait(self) -> float:
        """Block until this caller may send; seconds waited."""
        delay = self.take() - time.time()
        if delay > 0:
            time.sleep(delay)
        return max(0.0, delay)

    def throttle_until(self, reset_at: float) -> None:
        """No worker sends before `reset_at` (Unix seconds), SendGrid's X-RateLimit-Reset."""
        ttl_ms = max(1, int((reset_at - time.time()) * 1000) + 1000)
        self._throttle(keys=[THROTTLE_KEY], args=[int(reset_at * 1_000_000), ttl_ms])
        with self._lock:
            self._left, self._batch = 0, 1  # slots held here were reserved before the hold: give them up
