"""What the portal tells a citizen about a form's fields, in Bulgarian and English: hints, and one error
message per field that names the field and says how to put it right (GOV.UK error message style)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import ValidationError

from egov_intake.domain.form_schema import Kind, Language, Schema, items, kind, label, properties
from egov_intake.domain.forms import form_validator

# NOTE: whichever of these an EGN, EIK or date breaks, what to do about it is the same.
_SHAPE_KEYWORDS = {"pattern", "format", "minLength", "maxLength"}
_CHOICES: set[Kind] = {"radios", "select", "checkboxes"}

_HINTS: dict[str, tuple[str, str]] = {
    "egn": ("10 цифри", "10 digits"),
    "eik": ("9 или 13 цифри", "9 or 13 digits"),
    "date": ("Например 2024-03-27", "For example, 2024-03-27"),
    "textarea": ("Най-много {n} знака", "Up to {n} characters"),
    "integer": ("От {minimum} до {maximum}", "From {minimum} to {maximum}"),
    "number": ("Може с десетична запетая, например 2,5", "You can use decimals, for example 2.5"),
}

# NOTE: in a message `{label}` starts lower case (it is mid-sentence) and `{Label}` as titled.
_KEYWORD_MESSAGES: dict[str, tuple[str, str]] = {
    "minLength": ("{Label} трябва да е поне {n} знака", "{Label} must be {n} characters or more"),
    "maxLength": ("{Label} трябва да е най-много {n} знака", "{Label} must be {n} characters or fewer"),
    "pattern": ("{Label} не е в правилния формат", "{Label} is not in the right format"),
    "minimum": ("{Label} трябва да е най-малко {n}", "{Label} must be {n} or more"),
    "maximum": ("{Label} трябва да е най-много {n}", "{Label} must be {n} or less"),
    "exclusiveMinimum": ("{Label} трябва да е повече от {n}", "{Label} must be more than {n}"),
    "exclusiveMaximum": ("{Label} трябва да е по-малко от {n}", "{Label} must be less than {n}"),
    "minItems": ("{Label}: изберете поне {n}", "{Label}: select at least {n}"),
    "maxItems": ("{Label}: изберете най-много {n}", "{Label}: select at most {n}"),
    "uniqueItems": ("{Label}: всеки избор може да е само веднъж", "{Label}: select each option only once"),
    "enum": ("Изберете {label} от възможните", "Select {label} from the options"),
}
"""Messages of a JSON Schema keyword's errors, under the keyword."""
_MESSAGES: dict[str, tuple[str, str]] = {
    **_KEYWORD_MESSAGES,
    "enter": ("Въведете {label}", "Enter {label}"),
    "select": ("Изберете {label}", "Select {label}"),
    "add": ("Добавете {label}", "Add {label}"),
    "egn": (
        "{Label} трябва да е 10 цифри с вярна контролна цифра",
        "{Label} must be 10 digits with a correct check digit",
    ),
    "eik": (
        "{Label} трябва да е 9 или 13 цифри с вярна контролна цифра",
        "{Label} must be 9 or 13 digits with a correct check digit",
    ),
    "date": (
        "{Label} трябва да е дата във вида 2024-03-27 (година-месец-ден)",
        "{Label} must be a real date in the form 2024-03-27 (year-month-day)",
    ),
    "minRows": ("{Label}: добавете поне {n}", "{Label}: add at least {n}"),
    "maxRows": ("{Label}: може да има най-много {n}", "{Label}: there can be at most {n}"),
    "integer": ("{Label} трябва да е цяло число", "{Label} must be a whole number"),
    "number": ("{Label} трябва да е число", "{Label} must be a number"),
    "other": ("Проверете {label}", "Check {label}"),
}


def hint(field: Schema, lang: Language) -> str | None:
    """The hint under a field's label: the shape of an identifier or a date, a length or a range."""
    field_kind = kind(field)
    if field_kind == "integer" and not {"minimum", "maximum"} <= field.keys():
        return None
    text = _HINTS.get(field_kind)
    if text is None:
        return None
    bounds = {keyword: field.get(keyword) for keyword in ("minimum", "maximum")}
    return _in(lang, text).format(n=field.get("maxLength"), **bounds)


@dataclass(frozen=True)
class _Place:
    """The field a problem is about: its name, kind, label (naming its row in a list) and place in the form."""

    name: str
    kind: Kind
    label: str
    order: tuple[int, ...]


def field_errors(schema: Schema, form: Mapping[str, Any], lang: Language) -> dict[str, str]:
    """One message per field name (as `FormField.name`) that has a problem, in the form's order."""
    found: dict[str, tuple[tuple[int, ...], str]] = {}
    for error in form_validator(schema).iter_errors(form):
        for path in _paths(error):
            place = _place(schema, path, lang)
            if place is None or place.name in found:
                continue
            message = _message(error, place, lang)
            if message is not None:
                found[place.name] = (place.order, message)
    return {name: message for name, (_, message) in sorted(found.items(), key=lambda item: item[1][0])}


def _paths(error: ValidationError) -> Iterator[Sequence[str | int]]:
    """Where the problem is: a missing property's own place, not its object's."""
    path = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, Mapping):
        names = error.validator_value if isinstance(error.validator_value, list) else []
        yield from ([*path, name] for name in names if isinstance(name, str) and name not in error.instance)
    else:
        yield path


def _place(schema: Schema, path: Sequence[str | int], lang: Language) -> _Place | None:
    field, field_kind = schema, kind(schema)
    names: list[str] = []
    labels: list[str] = []
    order: list[int] = []
    for part in path:
        if field_kind == "group" and isinstance(part, str):
            fields = dict(properties(field))
            if part not in fields:
                return None
            order.append(list(fields).index(part))
            field = fields[part]
            labels.append(label(field, lang, part))
        elif field_kind == "list" and isinstance(part, int):
            order.append(part)
            labels[-1] = f"{labels[-1]} {part + 1}"
            field = items(field)
        else:  # NOTE: a problem with one item of a choice is the choice's
            break
        names.append(str(part))
        field_kind = kind(field)
    if not names:
        return None
    text = labels[-1] if len(labels) == 1 else f"{labels[-1]} ({labels[-2]})"
    return _Place(".".join(names), field_kind, text, tuple(order))


def _message(error: ValidationError, place: _Place, lang: Language) -> str | None:
    keyword, value = str(error.validator), error.validator_value
    if keyword == "additionalProperties":  # NOTE: the portal's forms send only the schema's fields
        return None
    if keyword == "required" or (keyword == "minLength" and value == 1):
        key = "select" if place.kind in _CHOICES else "add" if place.kind == "list" else "enter"
    elif place.kind in ("egn", "eik", "date") and keyword in _SHAPE_KEYWORDS:
        key = place.kind
    elif keyword == "type":
        key = place.kind if place.kind in ("integer", "number") else "other"
    elif place.kind == "list" and keyword in ("minItems", "maxItems"):
        key = "minRows" if keyword == "minItems" else "maxRows"
    elif keyword == "format":
        key = "pattern"
    else:
        key = keyword if keyword in _KEYWORD_MESSAGES else "other"
    n = _number(value, lang) if isinstance(value, int | float) else value
    return _in(lang, _MESSAGES[key]).format(label=_mid_sentence(place.label), Label=place.label, n=n)


def _number(value: float, lang: Language) -> str:
    return str(value).replace(".", ",") if lang == "bg" else str(value)


def _mid_sentence(text: str) -> str:
    """A label within a sentence: lower case first, unless it starts with an abbreviation (ЕГН, EIK)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _in(lang: Language, text: tuple[str, str]) -> str:
    return text[0] if lang == "bg" else text[1]
