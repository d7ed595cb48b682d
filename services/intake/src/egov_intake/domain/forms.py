"""Validation of a submitted form against its service's JSON Schema, with a path per problem."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

# NOTE: building a validator costs more than using it; a schema object (one per published service
# version in the catalog view) keeps its validator. Held with the schema so its id stays unique.
_VALIDATORS: dict[int, tuple[dict[str, Any], Draft202012Validator]] = {}
_FORMATS = FormatChecker()
MAX_CACHED = 1000


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    cached = _VALIDATORS.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    validator = Draft202012Validator(schema, format_checker=_FORMATS)
    if len(_VALIDATORS) >= MAX_CACHED:
        _VALIDATORS.clear()
    _VALIDATORS[id(schema)] = (schema, validator)
    return validator


def form_errors(schema: dict[str, Any], form: dict[str, Any]) -> list[dict[str, str]]:
    """Each violation as {"field": "form.<path>", "detail": ...}; empty when the form is valid."""
    validator = _validator(schema)
    errors = sorted(validator.iter_errors(form), key=lambda error: list(error.absolute_path))
    return [
        {"field": ".".join(["form", *(str(part) for part in error.absolute_path)]), "detail": error.message}
        for error in errors
    ]
