"""Resident ID and mobile numbers that are unique by construction.

A million customers would need a set of a million numbers to reject
duplicates. Instead each region (or phone prefix) counts its customers and a
keyed permutation turns the count into a birth date and sequence (or the
eight subscriber digits): distinct counts give distinct numbers, the numbers
look random, and memory stays constant.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random

from hvdesk.idcard import check_character

BIRTH_FIRST = dt.date(1960, 1, 1)
BIRTH_LAST = dt.date(2003, 12, 31)
_BIRTH_DAYS = (BIRTH_LAST - BIRTH_FIRST).days + 1
_FIRST_ORDINAL = BIRTH_FIRST.toordinal()
#: Sequence numbers 001-999 (000 is not issued).
_SEQUENCES = 999

#: Mobile prefixes of the three carriers, weighted roughly by subscribers.
PHONE_PREFIXES: tuple[tuple[str, int], ...] = (
    ("138", 9), ("139", 9), ("135", 7), ("136", 6), ("137", 6), ("150", 6), ("151", 5),
    ("152", 4), ("158", 6), ("159", 5), ("182", 4), ("183", 4), ("187", 5), ("188", 4),
    ("130", 4), ("131", 4), ("132", 3), ("155", 3), ("156", 3), ("185", 3), ("186", 5),
    ("176", 3), ("133", 3), ("153", 3), ("177", 3), ("180", 3), ("181", 3), ("189", 4),
    ("199", 3), ("173", 2), ("198", 2), ("166", 2), ("191", 1), ("195", 1),
)


class Permutation:
    """A keyed bijection of ``range(size)``.

    A 4-round Feistel network over ``side * side`` values (the two halves are
    added modulo ``side``, so any side works), cycle-walking the few values
    past ``size``. With ``side`` the ceiling square root almost no walking is
    needed, and phone numbers (10^8 = 10^4 squared) need none.
    """

    _ROUNDS = 4

    def __init__(self, size: int, rng: random.Random) -> None:
        side = math.isqrt(size - 1) + 1 if size > 1 else 1
        self._side = side
        self._size = size
        self._keys = tuple(rng.getrandbits(32) for _ in range(self._ROUNDS))

    def _encrypt(self, value: int) -> int:
        side = self._side
        left, right = divmod(value, side)
        for key in self._keys:
            mixed = ((right * 0x9E3779B1) ^ key) & 0xFFFFFFFF
            mixed ^= mixed >> 15
            left, right = right, (left + mixed) % side
        return left * side + right

    def __call__(self, index: int) -> int:
        if not 0 <= index < self._size:
            raise ValueError("index outside the permutation's range")
        value = self._encrypt(index)
        while value >= self._size:  # cycle walking keeps the result in range
            value = self._encrypt(value)
        return value


class IdNumbers:
    """ID numbers per region code; the n-th customer of a region gets the n-th number."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = random.Random(rng.getrandbits(64))
        self._perms: dict[str, Permutation] = {}
        self._counts: dict[str, int] = {}

    def next(self, region: str) -> tuple[str, bool]:
        """A new number for ``region`` and whether it is a man's."""
        perm = self._perms.get(region)
        if perm is None:
            # Created in first-use order from one RNG: same seed, same keys.
            perm = self._perms[region] = Permutation(_BIRTH_DAYS * _SEQUENCES, self._rng)
        count = self._counts.get(region, 0)
        self._counts[region] = count + 1
        days, seq = divmod(perm(count), _SEQUENCES)
        birth = dt.date.fromordinal(_FIRST_ORDINAL + days)
        first17 = f"{region}{birth.year}{birth.month:02d}{birth.day:02d}{seq + 1:03d}"
        return first17 + check_character(first17), (seq + 1) % 2 == 1


class PhoneNumbers:
    """Mobile numbers per prefix, unique by the same counting trick."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = random.Random(rng.getrandbits(64))
        self._prefixes = tuple(p for p, _ in PHONE_PREFIXES)
        self._cum = tuple(itertools.accumulate(w for _, w in PHONE_PREFIXES))
        self._perms: dict[str, Permutation] = {}
        self._counts: dict[str, int] = {}

    def next(self, rng: random.Random) -> str:
        prefix = self._prefixes[bisect.bisect_right(self._cum, rng.random() * self._cum[-1])]
        perm = self._perms.get(prefix)
        if perm is None:
            perm = self._perms[prefix] = Permutation(100_000_000, self._rng)
        count = self._counts.get(prefix, 0)
        self._counts[prefix] = count + 1
        return f"{prefix}{perm(count):08d}"
