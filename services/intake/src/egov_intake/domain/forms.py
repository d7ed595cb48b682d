"""Validation of a submitted form against its service's JSON Schema, with a path per problem."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker


def form_errors(schema: dict[str, Any], form: dict[str, Any]) -> list[dict[str, str]]:
    """Each violation as {"field": "form.<path>", "detail": ...}; empty when the form is valid."""
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(form), key=lambda error: list(error.absolute_path))
    return [
        {"field": ".".join(["form", *(str(part) for part in error.absolute_path)]), "detail": error.message}
        for error in errors
    ]
