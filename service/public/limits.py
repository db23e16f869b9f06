"""Rate limits of the managers' pages and the subscription API (per client IP, counted in Redis)."""

from __future__ import annotations

# Subscribing (page and API share one budget), confirming, and asking for a fresh link by address.
SUBSCRIBE_LIMIT = "10/minute;100/hour"
SUBSCRIBE_SCOPE = "subscribe"
CONFIRM_LIMIT = "10/minute;100/hour"
LINK_LIMIT = "10/minute;100/hour"
LINK_SCOPE = "link-request"
# Personal-link pages (preferences, unsubscribe): generous, they only slow down token guessing.
PAGE_LIMIT = "60/minute;600/hour"
