"""A service's form as the portal's pages show it: each field of its JSON Schema with its label, hint,
answer, options and error, ready for the `_fields.html` macros, and the answers for checking.

Parsing a posted form (`parse_form`) and the fields' error messages (`field_errors`) live beside this
module; they are exported here too, as the portal uses the four together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from egov_intake.domain.form_messages import field_errors, hint
from egov_intake.domain.form_posts import parse_form
from egov_intake.domain.form_schema import (
    Kind,
    Language,
    Option,
    Schema,
    field_id,
    items,
    kind,
    label,
    max_rows,
    options,
    properties,
    required,
    shown,
)

__all__ = ["FormField", "Language", "Option", "answers_summary", "field_errors", "form_fields", "parse_form"]

_NONE: Mapping[str, int] = MappingProxyType({})
_NUMERIC = {"inputmode": "numeric", "spellcheck": "false"}
_ATTRIBUTES: dict[Kind, Mapping[str, str]] = {
    "egn": _NUMERIC,
    "eik": _NUMERIC,
    "integer": _NUMERIC,
    "number": {"inputmode": "decimal", "spellcheck": "false"},
}


@dataclass(frozen=True)
class FormField:
    name: str
    """The HTML name: `deceased_egn`, `address.street`, `trees.0.species`."""
    id: str
    kind: Kind
    label: str
    hint: str | None
    required: bool
    value: str | tuple[str, ...]
    """As shown; the chosen values of checkboxes."""
    options: tuple[Option, ...] = ()
    children: tuple[FormField, ...] = ()
    """A group's fields; a list's rows, each a group."""
    attributes: Mapping[str, str] = field(default_factory=dict)
    """More attributes of the input: maxlength, inputmode, spellcheck."""
    error: str | None = None
    item_name: str | None = None
    """A list's name while another row may be added (for an "add another" button)."""


@dataclass(frozen=True)
class _Context:
    errors: Mapping[str, str]
    lang: Language
    extra_rows: Mapping[str, int]


def form_fields(
    schema: Schema,
    values: Mapping[str, Any],
    errors: Mapping[str, str],
    lang: Language,
    *,
    extra_rows: Mapping[str, int] = _NONE,
) -> list[FormField]:
    """The form's fields in schema order, with `values` (a form as `parse_form` gives it) as their
    answers and `errors` by field name. A list has a row per answer (at least its minItems, and one),
    and `extra_rows[name]` more up to its maxItems; a choice of up to five is radios, more a select."""
    return list(_fields(schema, values, "", _Context(errors, lang, extra_rows)))


def _fields(schema: Schema, values: Mapping[str, Any], prefix: str, context: _Context) -> tuple[FormField, ...]:
    needed = required(schema)
    return tuple(
        _field(
            spec, prefix + name, values.get(name), context, text=label(spec, context.lang, name), needed=name in needed
        )
        for name, spec in properties(schema)
    )


def _field(spec: Schema, name: str, value: Any, context: _Context, *, text: str, needed: bool) -> FormField:
    field_kind = kind(spec)
    common = FormField(
        name=name,
        id=field_id(name),
        kind=field_kind,
        label=text,
        hint=hint(spec, context.lang),
        required=needed,
        value="",
        error=context.errors.get(name),
    )
    match field_kind:
        case "group":
            answers = value if isinstance(value, Mapping) else {}
            return replace(common, children=_fields(spec, answers, f"{name}.", context))
        case "list":
            return _list(spec, common, value if isinstance(value, list) else [], context)
        case "checkboxes":
            chosen = tuple(str(item) for item in value) if isinstance(value, list) else ()
            return replace(common, value=chosen, options=options(spec, context.lang))
        case "radios" | "select":
            return replace(common, value=shown(value, context.lang), options=options(spec, context.lang))
    attributes = dict(_ATTRIBUTES.get(field_kind, {}))
    if isinstance(spec.get("maxLength"), int) and field_kind != "date":
        attributes["maxlength"] = str(spec["maxLength"])
    return replace(common, value=shown(value, context.lang), attributes=attributes)


def _list(spec: Schema, common: FormField, answers: list[Any], context: _Context) -> FormField:
    least = spec.get("minItems")
    count = max(len(answers), least if isinstance(least, int) else 0, 1)
    count = min(count + max(context.extra_rows.get(common.name, 0), 0), max(max_rows(spec), len(answers)))
    rows = tuple(
        _field(
            items(spec),
            f"{common.name}.{index}",
            answers[index] if index < len(answers) else {},
            context,
            text=f"{common.label} {index + 1}",
            needed=True,  # NOTE: a row is no less needed than the list; it has no "(optional)" of its own
        )
        for index in range(count)
    )
    return replace(common, children=rows, item_name=common.name if count < max_rows(spec) else None)


def answers_summary(schema: Schema, form: Mapping[str, Any], lang: Language) -> list[tuple[str, str, str]]:
    """For checking the answers: (label, answer as shown, id of the field to change it) in the form's
    order; a choice by its label, a list's item as one row ("Вид: дъб, Брой: 2"), unanswered left out."""
    return [row for each in form_fields(schema, form, {}, lang) for row in _summary(each)]


def _summary(answered: FormField) -> list[tuple[str, str, str]]:
    if answered.kind == "group":
        return [row for child in answered.children for row in _summary(child)]
    if answered.kind == "list":
        return [summary for row in answered.children if (summary := _item(row))]
    text = _answer(answered)
    return [(answered.label, text, answered.id)] if text else []


def _item(row: FormField) -> tuple[str, str, str] | None:
    parts = [(child, _answer(child)) for child in row.children]
    text = ", ".join(f"{child.label}: {answer}" for child, answer in parts if answer)
    return (row.label, text, row.children[0].id) if text else None


def _answer(answered: FormField) -> str:
    """A scalar or choice answer as text; a group's or a list's as its fields' answers."""
    if answered.kind in ("group", "list"):
        return "; ".join(text for _, text, _ in _summary(answered))
    labels = {option.value: option.label for option in answered.options}
    chosen = answered.value if isinstance(answered.value, tuple) else (answered.value,)
    return ", ".join(labels.get(value, value) for value in chosen if value)
