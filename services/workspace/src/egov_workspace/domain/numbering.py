"""Each administration's registration numbers (входящ №): its own scheme, e.g. a prefix, the year
and a counter, `СО-2026-000123`. The counter runs per administration and year, without gaps (the
store raises it in the transaction that sends the acceptance)."""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_PATTERN = "{prefix}-{year}-{counter:6}"
MAX_COUNTER_WIDTH = 8
_PLACEHOLDER = re.compile(r"\{([a-z]+)(?::(\d+))?\}")
_KNOWN = {"prefix", "year", "counter"}
_TEXT = re.compile(r"^[\w\-/.№ ]*$")


class InvalidScheme(ValueError):
    """A pattern or prefix the workspace cannot number with; the message says why."""


@dataclass(frozen=True)
class NumberingScheme:
    prefix: str
    pattern: str = DEFAULT_PATTERN

    def __post_init__(self) -> None:
        if not 1 <= len(self.prefix) <= 20 or not _TEXT.match(self.prefix) or any(c.isdigit() for c in self.prefix):
            raise InvalidScheme("prefix: 1 to 20 letters, dashes, slashes, dots or spaces, without digits")
        if len(self.pattern) > 60:
            raise InvalidScheme("pattern: at most 60 characters")
        found = _PLACEHOLDER.findall(self.pattern)
        names = [name for name, _ in found]
        if unknown := sorted(set(names) - _KNOWN):
            raise InvalidScheme(
                f"pattern: unknown placeholder(s) {', '.join(unknown)}; use {{prefix}}, {{year}}, {{counter}}"
            )
        if names.count("counter") != 1:
            raise InvalidScheme("pattern: must hold {counter} exactly once")
        # NOTE: a number is published on the lifecycle log; ten digits or more in a row could be
        # taken for a personal number (EGN) and the acceptance refused.
        width = next((int(w) for name, w in found if name == "counter" and w), 1)
        if not 1 <= width <= MAX_COUNTER_WIDTH:
            raise InvalidScheme(f"pattern: the counter's width must be 1 to {MAX_COUNTER_WIDTH}")
        if not _TEXT.match(_PLACEHOLDER.sub("", self.pattern)):
            raise InvalidScheme("pattern: besides placeholders only letters, digits, dashes, slashes, dots or spaces")
        if "{" in _PLACEHOLDER.sub("", self.pattern) or "}" in _PLACEHOLDER.sub("", self.pattern):
            raise InvalidScheme("pattern: a brace that is not a placeholder")

    def number(self, year: int, counter: int) -> str:
        def fill(found: re.Match[str]) -> str:
            name, width = found[1], found[2]
            if name == "prefix":
                return self.prefix
            if name == "year":
                return str(year)
            return str(counter).zfill(int(width) if width else 1)

        return _PLACEHOLDER.sub(fill, self.pattern)


def default_scheme(administration_id: str) -> NumberingScheme:
    """Until its admin sets one: the administration's id as the prefix."""
    return NumberingScheme(prefix=administration_id.upper()[:20].replace("_", "-").rstrip("0123456789") or "ADM")
