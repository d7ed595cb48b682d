"""Whom a registry check on a case may be about: the people and companies the application names
(the applicant, an EGN or EIK in the form, the company applied for). Staff choose among these and
never type a number, so a check cannot wander off the case."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from egov_schemas.identifiers import validate_egn, validate_eik

if TYPE_CHECKING:
    from egov_schemas.work import WorkItem

Argument = Literal["egn", "eik"]
ARGUMENTS: dict[str, tuple[Argument, ...]] = {
    "grao.person": ("egn",),
    "grao.permanent_address": ("egn",),
    "commercial_register.actual_state": ("eik",),
    "nra.obligations": ("egn", "eik"),
}


@dataclass(frozen=True)
class Subject:
    key: str
    """`applicant`, `represented` or `form.<field path>`."""
    argument: Argument
    # NOTE: left out of the repr: a personal number.
    value: str = field(repr=False)


def subjects_of(item: WorkItem, operation: str) -> list[Subject]:
    """The case's subjects the operation can be asked about."""
    wanted = ARGUMENTS.get(operation, ())
    found: list[Subject] = []
    if item.applicant.identifier_type == "egn":
        found.append(Subject("applicant", "egn", item.applicant.identifier))
    if item.represented is not None:
        found.append(Subject("represented", "eik", item.represented.eik))
    found.extend(_in_form(item.form, "form"))
    unique = {(subject.argument, subject.value): subject for subject in reversed(found)}
    return [
        subject
        for subject in found
        if subject.argument in wanted and unique[(subject.argument, subject.value)] is subject
    ]


def _in_form(value: Any, path: str) -> list[Subject]:
    if isinstance(value, dict):
        return [subject for key, nested in value.items() for subject in _in_form(nested, f"{path}.{key}")]
    if isinstance(value, list):
        return [subject for index, nested in enumerate(value) for subject in _in_form(nested, f"{path}.{index}")]
    if not isinstance(value, str) or not value.isdigit():
        return []
    for argument, validate in (("egn", validate_egn), ("eik", validate_eik)):
        try:
            validate(value)
        except ValueError:
            continue
        return [Subject(path, argument, value)]  # type: ignore[arg-type]
    return []
