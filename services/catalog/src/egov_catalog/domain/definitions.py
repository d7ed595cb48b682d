"""Checks on service definitions: a draft may be incomplete, a published version may not."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from pydantic import ValidationError

from egov_catalog.domain.form_bounds import unbounded_fields
from egov_schemas.catalog import ServiceDefinition
from egov_sdk.problems import FieldError, field_errors, field_path
from egov_sdk.storable import unstorable


def definition_errors(fields: dict[str, Any], *, complete: bool) -> list[FieldError]:
    """What is wrong with these definition fields; a missing field counts only when `complete`."""
    errors: list[FieldError] = list(unstorable(fields))
    if errors:
        return errors
    try:
        ServiceDefinition.model_validate(fields)
    except ValidationError as exc:
        errors += field_errors(error for error in exc.errors() if complete or error["type"] != "missing")
    if isinstance(fields.get("form_schema"), dict):
        errors += form_schema_errors(fields["form_schema"])
    return errors


def form_schema_errors(schema: dict[str, Any]) -> list[FieldError]:
    """A form must be valid JSON Schema (2020-12), describe an object, bound every input, and title
    every field in bg and en."""
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        return [
            {
                "field": field_path(("form_schema", *exc.absolute_path)),
                "detail": f"not valid JSON Schema: {exc.message}",
            }
        ]
    errors: list[FieldError] = []
    if schema.get("type") != "object" or not isinstance(schema.get("properties"), dict):
        errors.append({"field": "form_schema", "detail": "a form is a JSON Schema of type object with properties"})
        return errors
    errors += unbounded_fields(schema, "form_schema")
    for name, field in {"": schema, **schema["properties"]}.items():
        for keyword, language in (("title", "Bulgarian"), ("x-title-en", "English")):
            if not isinstance(field, dict) or not str(field.get(keyword, "")).strip():
                where = f"form_schema.properties.{name}" if name else "form_schema"
                errors.append({"field": f"{where}.{keyword}", "detail": f"a {language} title is required"})
    return errors
