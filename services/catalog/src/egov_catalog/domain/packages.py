"""Packages: what may be in one, how two versions differ, and their YAML file form."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from egov_schemas.catalog import PackageEntry
from egov_schemas.identifiers import AdministrationId
from egov_sdk.problems import FieldError, field_errors, summary

if TYPE_CHECKING:
    from egov_schemas.catalog import AdministrationKind, ServiceDefinition

KIND_NAMES = {"municipality": "municipalities", "district": "district administrations", "central": "central bodies"}


def entry_errors(
    entries: list[PackageEntry], kind: AdministrationKind, services: dict[int, ServiceDefinition]
) -> list[FieldError]:
    """Entries must name distinct published services that this kind of administration may provide."""
    errors: list[FieldError] = []
    seen: set[int] = set()
    for index, entry in enumerate(entries):
        at = f"entries.{index}"
        service = services.get(entry.service)
        if entry.service in seen:
            errors.append({"field": f"{at}.service", "detail": f"service {entry.service} is listed twice"})
        seen.add(entry.service)
        if service is None:
            errors.append(
                {"field": f"{at}.service", "detail": f"no published service with IISDA number {entry.service}"}
            )
            continue
        if kind not in service.provider_kinds:
            providers = ", ".join(KIND_NAMES[k] for k in service.provider_kinds)
            detail = f"service {entry.service} is provided by {providers}, not by {KIND_NAMES[kind]}"
            errors.append({"field": f"{at}.service", "detail": detail})
        for tier in [*entry.tiers, *entry.disabled_tiers]:
            if tier not in service.tiers:
                errors.append({"field": f"{at}.tiers.{tier}", "detail": f"service {entry.service} has no {tier} tier"})
        if set(service.tiers) <= set(entry.disabled_tiers):
            errors.append({"field": f"{at}.disabled_tiers", "detail": "at least one tier must stay offered"})
    return errors


class EntryChange(BaseModel):
    service: int
    changes: dict[str, dict[str, Any]] = Field(description="Per changed setting: its value `from` and `to`")


class PackageDiff(BaseModel):
    added: list[int]
    removed: list[int]
    changed: list[EntryChange]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff(old: list[PackageEntry], new: list[PackageEntry]) -> PackageDiff:
    before = {entry.service: entry.model_dump(mode="json") for entry in old}
    after = {entry.service: entry.model_dump(mode="json") for entry in new}
    changed = []
    for service in sorted(before.keys() & after.keys()):
        changes = {
            setting: {"from": before[service][setting], "to": after[service][setting]}
            for setting in before[service]
            if before[service][setting] != after[service][setting]
        }
        if changes:
            changed.append(EntryChange(service=service, changes=changes))
    return PackageDiff(
        added=sorted(after.keys() - before.keys()), removed=sorted(before.keys() - after.keys()), changed=changed
    )


class _FileEntry(PackageEntry):
    name: str | None = Field(None, description="The service's name, for the reader; ignored on import")


class PackageFile(BaseModel):
    """A package as a file, to promote it from one installation to another."""

    model_config = ConfigDict(extra="forbid")

    administration: AdministrationId
    version: int | None = Field(None, description="The version it was exported from; informational")
    exported_at: dt.datetime | None = None
    services: list[_FileEntry]

    def entries(self) -> list[PackageEntry]:
        return [PackageEntry.model_validate(entry.model_dump(exclude={"name"})) for entry in self.services]


class InvalidFile(Exception):
    def __init__(self, errors: list[FieldError]):
        super().__init__(summary(errors))
        self.errors = errors


def to_yaml(administration_id: str, version: int, entries: list[PackageEntry], names: dict[int, str]) -> str:
    document = {
        "administration": administration_id,
        "version": version,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "services": [
            {
                "service": entry.service,
                "name": names.get(entry.service),
                **entry.model_dump(mode="json", exclude_defaults=True),
            }
            for entry in entries
        ],
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=120)


def from_yaml(text: str) -> PackageFile:
    """Parse and check a package file; every problem is reported with its place in the file."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise InvalidFile(
            [{"field": "file", "detail": f"not valid YAML: {where}{getattr(exc, 'problem', exc)}"}]
        ) from exc
    if not isinstance(document, dict):
        raise InvalidFile(
            [{"field": "file", "detail": "a package file is a YAML mapping with `administration` and `services`"}]
        )
    try:
        return PackageFile.model_validate(document)
    except ValidationError as exc:
        raise InvalidFile(field_errors(exc.errors())) from exc
