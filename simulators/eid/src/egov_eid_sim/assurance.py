"""Levels of assurance as the MVR eID names them in `acr`, lowest first, and how each is reached (`amr`)."""

from __future__ import annotations

# NOTE: the order matters: a request for a level is met by that level or any later one.
LEVELS: tuple[str, ...] = ("eid_low", "eid_substantial", "eid_high")

DESCRIPTIONS = {
    "eid_low": "ниско: парола / low: password",
    "eid_substantial": "значително: мобилно приложение / substantial: mobile app",
    "eid_high": "високо: лична карта с чип / high: chip identity card",
}

# NOTE: RFC 8176 method names: the simulator pretends a password for low, the MVR mobile app's
# certificate for substantial and the chip of the identity card for high.
METHODS = {"eid_low": ["pwd"], "eid_substantial": ["mobile"], "eid_high": ["card"]}


def minimum_level(acr_values: str | None) -> str:
    """The lowest level an `acr_values` request accepts: the lowest known level it lists (voluntary
    `acr_values` are a list of acceptable levels), or the lowest of all if it lists none we know."""
    requested = [level for level in (acr_values or "").split() if level in LEVELS]
    return min(requested, key=LEVELS.index) if requested else LEVELS[0]


def meets(level: str, minimum: str) -> bool:
    return level in LEVELS and LEVELS.index(level) >= LEVELS.index(minimum)
