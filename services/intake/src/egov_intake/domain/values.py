"""What a JSON Schema cannot say: values a submission may not carry because intake could store
or publish them only by failing. A form schema from the catalog may leave a number unbounded,
and JSON itself lets a string hold half of a UTF-16 pair (`"\\ud800"`), which no UTF-8 store,
PostgreSQL's jsonb included, accepts.
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
                yield {"field": field or "body", "detail": "a key is not valid Unicode text"}
            else:
                yield from unstorable(item, *path, key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from unstorable(item, *path, str(index))
    elif isinstance(value, str) and not _is_text(value):
        yield {"field": field, "detail": "not valid Unicode text (a lone surrogate)"}
    elif isinstance(value, bool):
        return
    elif isinstance(value, int) and abs(value) > LARGEST_INTEGER:
        yield {"field": field, "detail": f"must be between -{LARGEST_INTEGER} and {LARGEST_INTEGER}"}
    elif isinstance(value, float) and not math.isfinite(value):
        yield {"field": field, "detail": "must be a finite number"}


def _is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
