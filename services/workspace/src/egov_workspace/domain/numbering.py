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
_TEXT = re.compile(r"[\w\-/.№ ]*")
_TEN_DIGITS = re.compile(r"[0-9]{10}")


class InvalidScheme(ValueError):
    """A pattern or prefix the workspace cannot number with; the message says why."""


@dataclass(frozen=True)
class NumberingScheme:
    prefix: str
    pattern: str = DEFAULT_PATTERN

    def __post_init__(self) -> None:
        if not 1 <= len(self.prefix) <= 20 or not _TEXT.fullmatch(self.prefix) or any(c.isdigit() for c in self.prefix):
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
        if any(width for name, width in found if name != "counter"):
            raise InvalidScheme("pattern: only {counter} takes a width, e.g. {counter:6}")
        literal = _PLACEHOLDER.sub("", self.pattern)
        if "{" in literal or "}" in literal:
            raise InvalidScheme("pattern: a brace that is not a placeholder")
        if not _TEXT.fullmatch(literal):
            raise InvalidScheme("pattern: besides placeholders only letters, digits, dashes, slashes, dots or spaces")
        width = next((int(w) for name, w in found if name == "counter" and w), 1)
        if not 1 <= width <= MAX_COUNTER_WIDTH:
            raise InvalidScheme(f"pattern: the counter's width must be 1 to {MAX_COUNTER_WIDTH}")
        # NOTE: a number is published on the lifecycle log: ten digits in a row (the year beside
        # the counter, digits written in the pattern) could be taken for a personal number (EGN),
        # and every acceptance refused. The widest number of the widest year shows whether it can.
        if _TEN_DIGITS.search(self.number(9999, 10**width - 1)):
            raise InvalidScheme("pattern: it could give ten digits in a row, which would look like a personal number")

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
    """Until its admin sets one: the administration's id as the prefix (without its digits)."""
    letters = re.sub(r"-{2,}", "-", re.sub(r"[0-9_]", "-", administration_id.upper())).strip("-")[:20].strip("-")
    return NumberingScheme(prefix=letters or "ADM")
