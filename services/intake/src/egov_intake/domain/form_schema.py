"""Reading a form's JSON Schema as the portal shows it: each field's kind, label, options and HTML id.

The catalog titles a field in Bulgarian with `title` and in English with `x-title-en`, and a choice's
options with `x-enum-titles` (code → {"bg": ..., "en": ...}) beside their `enum` (for an array of
choices, in its `items`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Language = Literal["bg", "en"]
Kind = Literal[
    "text", "textarea", "integer", "number", "date", "select", "radios", "checkboxes", "egn", "eik", "group", "list"
]
Schema = Mapping[str, Any]

MAX_RADIOS = 5
"""More options than this are a drop-down list."""
MAX_SHORT_TEXT = 200
"""Text allowed to be longer than this gets a text area."""
MAX_ROWS = 100
"""Rows of a list whose schema sets no maxItems (the catalog requires one; this only bounds the work)."""

_BY_TYPE: dict[str, Kind] = {"integer": "integer", "number": "number"}
_BY_FORMAT: dict[str, Kind] = {"date": "date", "egn": "egn", "eik": "eik"}
_NOT_IN_AN_ID = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class Option:
    value: str
    label: str


def kind(field: Schema) -> Kind:
    """How the portal asks for a field's value."""
    type_ = field.get("type")
    if type_ == "object":
        return "group"
    if type_ == "array":
        return "list" if items(field).get("type") == "object" else "checkboxes"
    if isinstance(field.get("enum"), list):
        return "radios" if len(field["enum"]) <= MAX_RADIOS else "select"
    max_length = field.get("maxLength")
    long = isinstance(max_length, int) and max_length > MAX_SHORT_TEXT
    return _BY_TYPE.get(str(type_)) or _BY_FORMAT.get(str(field.get("format"))) or ("textarea" if long else "text")


def properties(schema: Schema) -> Iterator[tuple[str, Schema]]:
    """An object schema's fields in order (anything that is not a schema is skipped)."""
    found = schema.get("properties")
    if isinstance(found, Mapping):
        for name, field in found.items():
            if isinstance(name, str) and isinstance(field, Mapping):
                yield name, field


def required(schema: Schema) -> set[str]:
    names = schema.get("required")
    return {name for name in names if isinstance(name, str)} if isinstance(names, list) else set()


def items(field: Schema) -> Schema:
    found = field.get("items")
    return found if isinstance(found, Mapping) else {}


def max_rows(field: Schema) -> int:
    """How many rows of a list (or choices of an array) there may be."""
    most = field.get("maxItems")
    return most if isinstance(most, int) and most >= 0 else MAX_ROWS


def label(field: Schema, lang: Language, name: str) -> str:
    titles = (field.get("title"), field.get("x-title-en"))
    for title in titles if lang == "bg" else reversed(titles):
        if isinstance(title, str) and title.strip():
            return title
    return name


def options(field: Schema, lang: Language) -> tuple[Option, ...]:
    """A choice's options (of its items, for an array), labelled in the language, else by code."""
    choice = items(field) if field.get("type") == "array" else field
    codes = choice.get("enum")
    titles = choice.get("x-enum-titles")
    titles = titles if isinstance(titles, Mapping) else {}
    found: list[Option] = []
    for code in codes if isinstance(codes, list) else []:
        title = titles.get(str(code))
        text = title.get(lang) if isinstance(title, Mapping) else None
        found.append(Option(str(code), text if isinstance(text, str) and text else str(code)))
    return tuple(found)


def field_id(name: str) -> str:
    """An HTML id (also a safe URL fragment) for a field name: `trees.0.species` → `f-trees-0-species`."""
    return "f-" + _NOT_IN_AN_ID.sub("-", name)


def shown(value: object, lang: Language) -> str:
    """A scalar answer as text; a Bulgarian decimal has a comma."""
    if value is None:
        return ""
    if isinstance(value, float) and lang == "bg":
        return str(value).replace(".", ",")
    return str(value)
