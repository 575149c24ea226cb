"""The login throttle: failed logins counted per client address."""

from __future__ import annotations

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter


class LoginThrottle:
    """Counts failed logins per client address, in the store RATELIMIT_STORAGE_URI names.

    Built on `limits` (Flask-Limiter's engine) and checked only by the login view, so other
    requests pay nothing for it. memory:// suits one process; give several workers or hosts
    a shared store such as redis://.
    """

    def __init__(self, storage_uri: str, limit: str) -> None:
        self.limiter = FixedWindowRateLimiter(storage_from_string(storage_uri))
        self.limit: RateLimitItem = parse(limit)

    def blocked(self, client: str) -> bool:
        return not self.limiter.test(self.limit, "login", client)

    def failed(self, client: str) -> None:
        self.limiter.hit(self.limit, "login", client)
