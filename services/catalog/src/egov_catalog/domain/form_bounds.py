"""Every input of a form has a ceiling: a string its maxLength, an array its maxItems, a number
its minimum and maximum. A citizen's answers then fit a database row and a Kafka record whatever
they type, and no number overflows a consumer that reads it into a 64-bit integer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from egov_sdk.problems import FieldError

_NEEDS = {
    "string": (("maxLength",),),
    "array": (("maxItems",),),
    "number": (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")),
    "integer": (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")),
}


def unbounded_fields(schema: Any, *path: str) -> Iterator[FieldError]:
    """Each field of a form schema (nested objects and array items included) that lacks a bound."""
    if not isinstance(schema, dict) or "enum" in schema or "const" in schema:
        return
    types = schema.get("type", [])
    for type_ in [types] if isinstance(types, str) else types:
        for alternatives in _NEEDS.get(type_, ()):
            if not any(keyword in schema for keyword in alternatives):
                yield {
                    "field": ".".join(path),
                    "detail": f"a form's {type_} field needs {' or '.join(alternatives)}",
                }
    properties = schema.get("properties")
    if isinstance(properties, dict):
        for name, field in properties.items():
            yield from unbounded_fields(field, *path, "properties", str(name))
    yield from unbounded_fields(schema.get("items"), *path, "items")
