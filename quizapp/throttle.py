"""The login throttle: failed logins counted per account, per address, and per the two together.

Built on `limits` (Flask-Limiter's engine) in the store RATELIMIT_STORAGE_URI names: memory://
suits one process; several workers or hosts share redis://, so a limit is not multiplied by the
number of processes. It is checked only by the login view, so other requests pay nothing for it.

Three counters, because each stops a different attack without locking out the wrong people:
- the pair (address, account): a guesser at one account from one address, soon;
- the account, across addresses: a guesser spreading attempts over many addresses;
- the address, across accounts: credential stuffing from one address, with a limit high enough
  that students behind one campus NAT who mistype do not lock each other out.
A correct password from an address is refused only while its own pair, or the account itself,
is under attack.
"""

from __future__ import annotations

from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter


@dataclass(frozen=True)
class Limits:
    pair: str = "10 per minute"
    account: str = "50 per hour"
    address: str = "200 per hour"


class LoginThrottle:
    def __init__(self, storage_uri: str, limits: Limits) -> None:
        self.limiter = FixedWindowRateLimiter(storage_from_string(storage_uri))
        self.pair: RateLimitItem = parse(limits.pair)
        self.account: RateLimitItem = parse(limits.account)
        self.address: RateLimitItem = parse(limits.address)

    def _keys(self, address: str, account: str) -> list[tuple[RateLimitItem, str, str]]:
        account = account.strip().lower()
        return [
            (self.pair, "login-pair", f"{address}|{account}"),
            (self.account, "login-account", account),
            (self.address, "login-address", address),
        ]

    def blocked(self, address: str, account: str) -> bool:
        return any(not self.limiter.test(limit, *key) for limit, *key in self._keys(address, account))

    def failed(self, address: str, account: str) -> None:
        for limit, *key in self._keys(address, account):
            self.limiter.hit(limit, *key)
