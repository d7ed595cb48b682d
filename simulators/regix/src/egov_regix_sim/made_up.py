"""Data made up from an identifier alone: the same identifier always gives the same choices, and
different purposes ("salts") give independent ones. No real person, address or company is used,
only a handful of real places with their real EKATTE codes."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


def number(identifier: str, salt: str) -> int:
    """A large number made from `identifier` and `salt` (SHA-256, so it is spread evenly)."""
    digest = hashlib.sha256(f"{salt}:{identifier}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def pick(options: Sequence[T], identifier: str, salt: str) -> T:
    return options[number(identifier, salt) % len(options)]


@dataclass(frozen=True)
class Place:
    """A settlement with the codes each register writes for it: EKATTE for the settlement, GRAO's
    numbers for its district and municipality, and the Commercial Register's EKATTE-style ones."""

    name: str
    settlement: str
    ekatte: str
    municipality: str
    district: str
    grao_district: str
    grao_municipality: str
    ekatte_district: str
    post_code: str


PLACES = (
    Place("София", "гр. София", "68134", "Столична", "София (столица)", "22", "46", "SOF", "1000"),
    Place("Пловдив", "гр. Пловдив", "56784", "Пловдив", "Пловдив", "16", "22", "PDV", "4000"),
    Place("Варна", "гр. Варна", "10135", "Варна", "Варна", "03", "06", "VAR", "9000"),
    Place("Бургас", "гр. Бургас", "07079", "Бургас", "Бургас", "02", "04", "BGS", "8000"),
    Place("Русе", "гр. Русе", "63427", "Русе", "Русе", "18", "27", "RSE", "7000"),
)

STREETS = (
    "ул. Георги С. Раковски",
    "бул. България",
    "ул. Васил Левски",
    "ул. Христо Ботев",
    "ул. Шипка",
    "бул. Цар Освободител",
    "ул. Иван Вазов",
    "ул. Княз Борис I",
)
