"""Values a JSON body may carry but a service can store or publish only by failing: JSON lets a
string hold half of a UTF-16 pair (`"\\ud800"`) or a NUL (`"\\u0000"`), neither of which
PostgreSQL's jsonb accepts, and an integer of any size, which a consumer reading it into a 64-bit
integer cannot. Checked wherever a body typed only as "an object" (a form, a draft) is taken.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

# NOTE: the widest integer every consumer of the events can read (a PostgreSQL bigint, a Java long).
LARGEST_INTEGER = 2**63 - 1


def unstorable(value: Any, *path: str) -> Iterator[dict[str, str]]:
    """Each value under `path` that cannot be stored as UTF-8 JSON, as {"field", "detail"}."""
    field = ".".join(path)
    if isinstance(value, dict):
        for key, item in value.items():
            if not _is_text(key):
                yield {"field": field or "body", "detail": "a key is not valid text (a lone surrogate or a NUL)"}
            else:
                yield from unstorable(item, *path, key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from unstorable(item, *path, str(index))
    elif isinstance(value, str) and not _is_text(value):
        yield {"field": field, "detail": "not valid text (a lone surrogate or a NUL)"}
    elif isinstance(value, bool):
        return
    elif isinstance(value, int) and abs(value) > LARGEST_INTEGER:
        yield {"field": field, "detail": f"must be between -{LARGEST_INTEGER} and {LARGEST_INTEGER}"}
    elif isinstance(value, float) and not math.isfinite(value):
        yield {"field": field, "detail": "must be a finite number"}


def _is_text(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
