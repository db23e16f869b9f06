"""Every Redis client of the service comes from `connect(REDIS_URL)`: a plain server or a Sentinel master.

REDIS_URL is either one of redis-py's own forms (redis://, rediss://, unix://) or

    redis+sentinel://[[user]:password@]host:port[,host:port...]/<master-name>[/<db>]

the spelling of the `limits` library behind Flask-Limiter: the sentinels to ask, then the master name
they monitor (`sentinel monitor <master-name> ...`), then an optional database number (default 0).
As in `limits`, the user and password authenticate to the sentinels and to the master alike, so
sentinels and data nodes share one password (or none). Percent-encode `@ : / ? #` in a password.

A Sentinel client asks the sentinels for the current master when it connects and again after a
connection error or a READONLY reply, so after a failover the next command reaches the new master.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from redis import Redis
from redis.sentinel import Sentinel, SentinelManagedConnection

SENTINEL_SCHEME = "redis+sentinel"
SOCKET_TIMEOUT = 10.0  # seconds a command may wait for its reply
CONNECT_TIMEOUT = 5.0  # seconds to open a connection (to a sentinel or to the master)
HEALTH_CHECK_INTERVAL = 30  # seconds idle before a pooled connection is PINGed before reuse

_MASTER_NAME = re.compile(r"[A-Za-z0-9._-]{1,128}")
_HOST_NAME = re.compile(r"[A-Za-z0-9._-]{1,253}")
_IPV6 = re.compile(r"[0-9A-Fa-f:.]{2,45}")
_NUMBER = re.compile(r"[0-9]{1,9}")


class SentinelConnection(SentinelManagedConnection):
    """A connection to the Sentinel-named master that, like redis-py's plain Connection, closes itself
    when a read is interrupted by any exception.

    redis-py's SentinelManagedConnection reads with `disconnect_on_error=False` by default (redis 7.4),
    so an exception raised inside a blocking read (RQ's warm shutdown raises StopRequested from its
    signal handler during the dequeue, a job timeout raises from SIGALRM) puts the socket back into
    the pool with the reply still unread, and the next command on it reads that stale reply.
    """

    def read_response(
        self,
        disable_decoding: bool = False,
        *,
        disconnect_on_error: bool | None = True,
        push_request: bool | None = False,
    ) -> Any:
        return super().read_response(
            disable_decoding=disable_decoding,
            disconnect_on_error=disconnect_on_error,
            push_request=push_request,
        )


class RedisURLError(ValueError):
    """REDIS_URL is malformed; the message completes the sentence "REDIS_URL ..."."""


@dataclass(frozen=True)
class SentinelURL:
    """A parsed redis+sentinel:// URL."""

    sentinels: tuple[tuple[str, int], ...]
    master: str
    db: int = 0
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def auth(self) -> dict[str, str]:
        """Credentials as redis-py keyword arguments (none when the URL carries none)."""
        values = {"username": self.username, "password": self.password}
        return {key: value for key, value in values.items() if value is not None}

    @property
    def locations(self) -> str:
        """The sentinels as `host:port,host:port`, IPv6 addresses in brackets."""
        return ",".join(
            f"[{host}]:{port}" if ":" in host else f"{host}:{port}" for host, port in self.sentinels
        )

    def connection_kwargs(self) -> dict[str, Any]:
        """redis-py keyword arguments of the connections to the master."""
        return {
            "db": self.db,
            "connection_class": SentinelConnection,
            "socket_timeout": SOCKET_TIMEOUT,
            "socket_connect_timeout": CONNECT_TIMEOUT,
            "health_check_interval": HEALTH_CHECK_INTERVAL,
            **self.auth,
        }

    def sentinel_kwargs(
        self, socket_timeout: float = SOCKET_TIMEOUT, socket_connect_timeout: float = CONNECT_TIMEOUT
    ) -> dict[str, Any]:
        """redis-py keyword arguments of the connections to the sentinels (same credentials, own timeouts)."""
        return {
            "socket_timeout": socket_timeout,
            "socket_connect_timeout": socket_connect_timeout,
            **self.auth,
        }


def is_sentinel_url(url: str) -> bool:
    return url.startswith(f"{SENTINEL_SCHEME}://")


def parse_sentinel_url(url: str) -> SentinelURL:
    """Parse redis+sentinel://[[user]:password@]host:port[,host:port...]/<master-name>[/<db>].

    Raises RedisURLError with a message that never repeats the URL (it may hold a password).
    """
    scheme, separator, rest = url.partition("://")
    if scheme != SENTINEL_SCHEME or not separator:
        raise RedisURLError(f"must start with {SENTINEL_SCHEME}://")
    if any(ord(char) <= 32 or ord(char) == 127 for char in rest):
        raise RedisURLError("contains spaces or control characters")
    if "?" in rest or "#" in rest:
        raise RedisURLError(
            "takes no ?options or #fragment in the redis+sentinel:// form (the database goes after the "
            "master name: /<master-name>/<db>; percent-encode such characters in a password)"
        )
    netloc, _, path = rest.partition("/")
    userinfo, at, hosts = netloc.rpartition("@")
    username = password = None
    if at:
        user, _, secret = userinfo.partition(":")
        username, password = unquote(user) or None, unquote(secret) or None
    if not hosts:
        raise RedisURLError(
            "names no sentinel: list them as host:port[,host:port...] after redis+sentinel://"
        )
    sentinels = tuple(
        _sentinel_address(location, number) for number, location in enumerate(hosts.split(","), 1)
    )

    parts = path.split("/")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # a trailing slash: /master/ or /master/0/
    if not parts[0]:
        raise RedisURLError(
            "names no master: end it with /<master-name>, the name the sentinels monitor "
            "(`sentinel monitor <master-name> ...`)"
        )
    if len(parts) > 2:
        raise RedisURLError("has too many path parts: expected /<master-name> or /<master-name>/<db>")
    if not _MASTER_NAME.fullmatch(parts[0]):
        raise RedisURLError("has a bad master name: use letters, digits, '.', '_' and '-' (at most 128)")
    db = 0
    if len(parts) == 2:
        if not _NUMBER.fullmatch(parts[1]):
            raise RedisURLError("has a bad database number after the master name: expected 0, 1, 2, ...")
        db = int(parts[1])
    return SentinelURL(sentinels, parts[0], db, username, password)


def _sentinel_address(location: str, number: int) -> tuple[str, int]:
    """`host:port` or `[ipv6]:port`; errors name the sentinel by position, never echo URL text."""
    which = f"sentinel #{number}"
    if not location:
        raise RedisURLError(f"has an empty {which} (two commas in a row, or a trailing comma?)")
    if location.startswith("["):
        host, bracket, after = location[1:].partition("]")
        valid_host = bool(bracket) and bool(_IPV6.fullmatch(host))
        port = after[1:] if after.startswith(":") else ""
    else:
        host, colon, port = location.rpartition(":")
        if not colon:
            host, port = location, ""
        valid_host = bool(_HOST_NAME.fullmatch(host))
    if not valid_host:
        raise RedisURLError(f"has a bad host name in {which}: expected host:port")
    if not port:
        raise RedisURLError(f"gives {which} no port: write host:port (Sentinel listens on 26379 by default)")
    if not _NUMBER.fullmatch(port) or not 1 <= int(port) <= 65535:
        raise RedisURLError(f"has a bad port in {which}: expected 1-65535")
    return host, int(port)


def connect(
    url: str,
    *,
    socket_timeout: float = SOCKET_TIMEOUT,
    socket_connect_timeout: float = CONNECT_TIMEOUT,
    health_check_interval: int = HEALTH_CHECK_INTERVAL,
) -> Redis:
    """A new Redis client for `url`: the Sentinel-discovered master for redis+sentinel:// URLs."""
    options = {
        "socket_timeout": socket_timeout,
        "socket_connect_timeout": socket_connect_timeout,
        "health_check_interval": health_check_interval,
    }
    if not is_sentinel_url(url):
        return Redis.from_url(url, **options)
    target = parse_sentinel_url(url)
    sentinel = Sentinel(  # type: ignore[no-untyped-call]
        list(target.sentinels),
        sentinel_kwargs=target.sentinel_kwargs(socket_timeout, socket_connect_timeout),
        **{**target.connection_kwargs(), **options},
    )
    client: Redis = sentinel.master_for(target.master)  # type: ignore[no-untyped-call]
    return client
