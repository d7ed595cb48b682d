"""Package templates: where a joining administration's package starts.

A typical municipality offers every service the register says municipalities provide, each with
the service's own deadlines and fees and processed by its staff in the workspace: joining needs
no code, and a service moves to a handler when the administration has one (`processing:
automatic`, after shadow mode if it likes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, model_validator

from egov_schemas.catalog import PackageEntry
from egov_schemas.identifiers import AdministrationId

if TYPE_CHECKING:
    from collections.abc import Iterable

    from egov_schemas.catalog import AdministrationKind, ServiceDefinition


@dataclass(frozen=True)
class Template:
    name: str
    kind: AdministrationKind
    description: str


TEMPLATES = {
    template.name: template
    for template in (
        Template(
            "typical-municipality",
            "municipality",
            "Every service municipalities provide, with its own deadlines and fees, processed by staff",
        ),
        Template(
            "typical-district",
            "district",
            "Every service district administrations provide, with its own deadlines and fees, processed by staff",
        ),
    )
}


class PackageSource(BaseModel):
    """Where a package starts: a template, or another administration's current package."""

    model_config = ConfigDict(extra="forbid")

    template: str | None = Field(None, max_length=64, description="A template's name (GET /package-templates)")
    administration: AdministrationId | None = Field(
        None, description="Another administration whose package is the starting point (with staff processing)"
    )

    @model_validator(mode="after")
    def _one_source(self) -> PackageSource:
        if (self.template is None) == (self.administration is None):
            raise ValueError("give either a template or an administration")
        return self


def typical_entry(service: ServiceDefinition) -> PackageEntry:
    """A service as offered by default: its own terms, its staff processing, a handler group
    named after its category."""
    return PackageEntry(service=service.iisda_number, handler_group=service.category.replace("_", "-"))


def template_entries(template: Template, services: Iterable[ServiceDefinition]) -> list[PackageEntry]:
    return sorted(
        (typical_entry(service) for service in services if template.kind in service.provider_kinds),
        key=lambda entry: entry.service,
    )


def as_starting_point(
    entries: Iterable[PackageEntry], kind: AdministrationKind, services: dict[int, ServiceDefinition]
) -> list[PackageEntry]:
    """Another administration's entries as this one's starting point: its terms, but staff
    processing (its handler is not this administration's) and no shadow mode; a service this
    kind of administration does not provide, or that is no longer published, is left out."""
    return [
        entry.model_copy(update={"processing": "staff", "shadow_from": None})
        for entry in entries
        if entry.service in services and kind in services[entry.service].provider_kinds
    ]
