"""From a posted HTML form to the JSON value its schema validates.

The portal names a field by its path: `deceased_egn`, `address.street`, `trees.0.species`. Whatever is
posted, parsing never fails: what it cannot read is left for validation to report, or ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from egov_intake.domain.form_schema import Schema, items, kind, max_rows, properties

_INTEGER = re.compile(r"[+-]?[0-9]{1,100}")
_DECIMAL = re.compile(r"[+-]?[0-9]{1,100}[.,][0-9]{1,100}")
# NOTE: Bulgarians group thousands with a (no-break) space: "10 000".
_GROUPING = str.maketrans("", "", " \u00a0\u202f")


def parse_form(schema: Schema, posted: Iterable[tuple[str, object]]) -> dict[str, Any]:
    """The answers in `posted` (multi-valued pairs, as starlette's `FormData.multi_items()`): strings
    stripped and blanks left out, numbers parsed, checkboxes as a list, a list's rows from
    `name.N.field` with blank rows dropped and the rest renumbered. Keys not in the schema (a CSRF
    token, the button pressed), files and rows past the schema's maxItems are ignored."""
    values: dict[str, list[str]] = {}
    for key, value in posted:
        if isinstance(value, str):
            values.setdefault(key, []).append(value)
    return _object(schema, values, "")


def _object(schema: Schema, values: Mapping[str, list[str]], prefix: str) -> dict[str, Any]:
    found = {name: _value(field, values, prefix + name) for name, field in properties(schema)}
    return {name: value for name, value in found.items() if value is not None}


def _value(field: Schema, values: Mapping[str, list[str]], name: str) -> Any:
    match kind(field):
        case "group":
            return _object(field, values, f"{name}.") or None
        case "list":
            # NOTE: only indexes a rendered form can have are read, so a forged `trees.99999999.x`
            # costs nothing; a blank row in between is dropped and the rows after it move up.
            rows = (_object(items(field), values, f"{name}.{index}.") for index in range(max_rows(field)))
            return [row for row in rows if row] or None
        case "checkboxes":
            # NOTE: one past the limit, so that too many choices is reported rather than cut.
            chosen = [value.strip() for value in values.get(name, []) if value.strip()]
            return chosen[: max_rows(field) + 1] or None
        case "integer" | "number" as number:
            text = _first(values, name)
            return _number(text, integer=number == "integer") if text else None
        case _:
            return _first(values, name) or None


def _first(values: Mapping[str, list[str]], name: str) -> str:
    return next(iter(values.get(name, [])), "").strip()


def _number(text: str, *, integer: bool) -> int | float | str:
    """The number written, or the text as it was, for validation to say it is not a number."""
    digits = text.translate(_GROUPING)
    if _INTEGER.fullmatch(digits):
        return int(digits)
    if not integer and _DECIMAL.fullmatch(digits):
        return float(digits.replace(",", "."))
    return text
