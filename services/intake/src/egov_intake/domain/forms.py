"""Validation of a submitted form against its service's JSON Schema, with a path per problem."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from egov_schemas.identifiers import validate_egn, validate_eik

# NOTE: building a validator costs more than using it; a schema object (one per published service
# version in the catalog view) keeps its validator. Held with the schema so its id stays unique.
_VALIDATORS: dict[int, tuple[Mapping[str, Any], Draft202012Validator]] = {}
_FORMATS = FormatChecker()
MAX_CACHED = 1000


def _identifier(validate: Callable[[str], str]) -> Callable[[object], bool]:
    # NOTE: as with JSON Schema's own formats, a value that is not a string is left to `type`.
    def check(value: object) -> bool:
        if isinstance(value, str):
            validate(value)
        return True

    return check


# A form's personal (`format: egn`) and company (`format: eik`) numbers must pass their check digits.
_FORMATS.checks("egn", raises=ValueError)(_identifier(validate_egn))
_FORMATS.checks("eik", raises=ValueError)(_identifier(validate_eik))


def form_validator(schema: Mapping[str, Any]) -> Draft202012Validator:
    """The (cached) validator of a form schema, checking formats, `egn` and `eik` included."""
    cached = _VALIDATORS.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    validator = Draft202012Validator(schema, format_checker=_FORMATS)
    if len(_VALIDATORS) >= MAX_CACHED:
        _VALIDATORS.clear()
    _VALIDATORS[id(schema)] = (schema, validator)
    return validator


def form_errors(schema: Mapping[str, Any], form: Mapping[str, Any]) -> list[dict[str, str]]:
    """Each violation as {"field": "form.<path>", "detail": ...}; empty when the form is valid."""
    errors = sorted(form_validator(schema).iter_errors(form), key=lambda error: list(error.absolute_path))
    return [
        {"field": ".".join(["form", *(str(part) for part in error.absolute_path)]), "detail": error.message}
        for error in errors
    ]
