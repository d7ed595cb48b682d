"""`egov-stack new-handler`: a ready-to-run handler package for an administration, from the
template in `handler_template/` (one automated service, its tests, a Dockerfile, the handler
chart's values).

The files are `string.Template`s: `$name` is filled in, `$$` is a dollar sign.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from importlib.resources import files
from string import Template
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

TEMPLATE = files("egov_localstack") / "handler_template"
FILES = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "README.md.tmpl": "README.md",
    "Dockerfile.tmpl": "Dockerfile",
    "values.yaml.tmpl": "values.yaml",
    "gitignore.tmpl": ".gitignore",
    "dockerignore.tmpl": ".dockerignore",
    "__init__.py.tmpl": "src/{module}/__init__.py",
    "__main__.py.tmpl": "src/{module}/__main__.py",
    "app.py.tmpl": "src/{module}/app.py",
    "tests/test_app.py.tmpl": "tests/test_app.py",
    "tests/test_on_the_local_stack.py.tmpl": "tests/test_on_the_local_stack.py",
}
SAMPLE_EGN = "7501010010"
"""A valid personal number for the sample form (the platform's test citizen's)."""
TEXT = "Проба"
_BY_PATTERN = {
    r"^[A-ZА-Я]{1,2}[0-9]{4}[A-ZА-Я]{1,2}$": "ЕВ1234ВК",  # a vehicle's registration
    r"^[0-9]{5}\.[0-9]{1,4}\.[0-9]{1,4}(\.[0-9]{1,4}){0,2}$": "14218.501.20",  # a cadastral identifier
}
"""Samples of the other patterns the catalog's forms use."""


@dataclass(frozen=True)
class HandlerSpec:
    administration: str
    name_bg: str
    name_en: str
    service: int
    service_name_en: str
    sample_form: dict[str, Any]

    @property
    def module(self) -> str:
        return "egov_handler_" + self.administration.replace("-", "_")

    @property
    def registration_prefix(self) -> str:
        """The registration numbers' prefix: the administration's id in capitals."""
        return self.administration.upper()


def write_handler(spec: HandlerSpec, into: Path, platform: Path) -> list[Path]:
    """The package's files, written under `into` (which must not hold anything yet)."""
    if into.exists() and any(into.iterdir()):
        raise FileExistsError(f"{into} is not empty: choose another folder with --into")
    values = {
        "administration": spec.administration,
        "name_bg": spec.name_bg,
        "name_en": spec.name_en,
        "service": str(spec.service),
        "service_name_en": spec.service_name_en,
        "module": spec.module,
        "prefix": spec.registration_prefix,
        "platform": str(platform),
        "sample_form": _literal(spec.sample_form),
    }
    written = []
    for template, target in FILES.items():
        path = into / target.format(module=spec.module)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Template(TEMPLATE.joinpath(template).read_text()).substitute(values))
        written.append(path)
    return written


def _literal(form: dict[str, Any]) -> str:
    """The form as Python source at a module's top level, one field a line (as ruff formats it)."""
    if not form:
        return "{}"
    lines = "".join(f"    {json.dumps(key)}: {_value(value)},\n" for key, value in form.items())
    return "{\n" + lines + "}"


def _value(value: Any) -> str:
    if isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(each) for each in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(key)}: {_value(each)}" for key, each in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def sample_form(schema: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A form that the service's JSON Schema accepts, with its required fields only: what the
    generated tests submit. Personal numbers get the test citizen's, dates today's."""
    properties: dict[str, Any] = schema.get("properties", {})
    return {name: _sample(properties.get(name, {}), today) for name in schema.get("required", [])}


def _sample(field: dict[str, Any], today: dt.date) -> Any:
    if "enum" in field:
        return field["enum"][0]
    kind = field.get("type")
    if kind == "array":
        return [_sample(field.get("items", {}), today)] * max(1, field.get("minItems", 1))
    if kind == "object":
        return sample_form(field, today)
    plain = {"integer": field.get("minimum", 1), "number": field.get("minimum", 1), "boolean": True}
    formats = {"egn": SAMPLE_EGN, "eik": "000215234", "date": today.isoformat(), "email": "ivan.petrov@example.bg"}
    pattern = str(field.get("pattern", ""))
    sample = plain.get(str(kind), formats.get(str(field.get("format")), _BY_PATTERN.get(pattern, TEXT)))
    if sample == TEXT and pattern and not re.search(pattern, TEXT):
        raise ValueError(f"no sample for a field of pattern {pattern}: write the tests' form by hand")
    return sample
