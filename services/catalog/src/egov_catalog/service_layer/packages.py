"""Personalized packages: each change is a new version, effective at once and kept for diffs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from egov_catalog.adapters.repository import AlreadyExists, dumps, loads
from egov_catalog.domain.packages import KIND_NAMES, PackageDiff, diff, entry_errors, from_yaml, to_yaml
from egov_catalog.domain.templates import TEMPLATES, as_starting_point, template_entries
from egov_catalog.service_layer.errors import not_found, stale
from egov_schemas.catalog import Offer, PackageEntry, PackagePublished, offer
from egov_sdk.problems import field_errors, unprocessable

if TYPE_CHECKING:
    from egov_catalog.adapters.repository import CatalogRepository, Document
    from egov_catalog.domain.templates import PackageSource
    from egov_catalog.service_layer.administrations import Administrations
    from egov_catalog.service_layer.services import Services

KIND = "package"
_ENTRIES = TypeAdapter(list[PackageEntry])


def key(administration_id: str) -> str:
    return f"package:{administration_id}"


class Packages:
    def __init__(self, repository: CatalogRepository, administrations: Administrations, services: Services):
        self._repository = repository
        self._administrations = administrations
        self._services = services

    async def get(self, administration_id: str) -> PackagePublished:
        return _package(await self._document(administration_id))

    async def exists(self, administration_id: str) -> bool:
        return await self._repository.get(key(administration_id)) is not None

    async def offers(self, package: PackagePublished) -> list[Offer]:
        """The package's effective terms: each service's current defaults after the overrides."""
        administration = await self._administrations.get(package.administration_id)
        published = await self._services.published()
        return [
            offer(entry, published[entry.service].definition, published[entry.service].version, administration.channels)
            for entry in package.entries
            if entry.service in published
        ]

    async def version(self, administration_id: str, version: int) -> PackagePublished:
        document = await self._document(administration_id)
        entry = next((v for v in document["versions"] if v["version"] == version), None)
        if entry is None:
            raise not_found(f"version {version} of the package of {administration_id}")
        return PackagePublished(
            administration_id=administration_id, version=version, entries=_entries(entry["entries"])
        )

    async def history(self, administration_id: str) -> list[dict[str, Any]]:
        document = await self._document(administration_id)
        return [{k: v for k, v in entry.items() if k != "entries"} for entry in document["versions"]]

    async def diff(self, administration_id: str, old: int, new: int) -> PackageDiff:
        return diff(
            (await self.version(administration_id, old)).entries, (await self.version(administration_id, new)).entries
        )

    async def save(
        self, administration_id: str, raw_entries: list[Any], revision: int | None, *, by: str, dry_run: bool = False
    ) -> tuple[PackagePublished, PackageDiff]:
        """Check the entries and make them the package's next version (unless `dry_run`)."""
        entries = await self._checked(administration_id, raw_entries)
        document = await self._repository.get(key(administration_id))
        current = _package(document) if document else None
        if document is not None and revision is not None and document["revision"] != revision:
            raise stale(f"the package of {administration_id}", document["revision"])
        changes = diff(current.entries if current else [], entries)
        if dry_run or (current is not None and changes.empty):
            return current or PackagePublished(administration_id=administration_id, version=1, entries=entries), changes
        version = current.version + 1 if current else 1
        package = PackagePublished(administration_id=administration_id, version=version, entries=entries)
        history = {"version": version, "at": dt.datetime.now(dt.UTC).isoformat(), "by": by, "entries": _dump(entries)}
        if document is None:
            try:
                await self._repository.create(key(administration_id), KIND, _fields(package, [history]), [package])
            except AlreadyExists as exc:
                raise stale(f"the package of {administration_id}", 1) from exc
        elif not await self._repository.update(
            document["_id"], document["revision"], _fields(package, [*document["versions"], history]), [package]
        ):
            raise stale(f"the package of {administration_id}", (await self._document(administration_id))["revision"])
        return package, changes

    async def export(self, administration_id: str) -> str:
        package = await self.get(administration_id)
        published = await self._services.published()
        names = {number: service.definition.name_bg for number, service in published.items()}
        return to_yaml(administration_id, package.version, package.entries, names)

    async def import_file(
        self, administration_id: str, text: str, revision: int | None, *, by: str, dry_run: bool
    ) -> tuple[PackagePublished, PackageDiff]:
        file = from_yaml(text)
        if file.administration != administration_id:
            detail = f"the file is the package of {file.administration}, not of {administration_id}"
            raise unprocessable("Invalid package file", [{"field": "administration", "detail": detail}])
        return await self.save(
            administration_id, [e.model_dump() for e in file.entries()], revision, by=by, dry_run=dry_run
        )

    async def copy(
        self, administration_id: str, source: PackageSource, revision: int | None, *, by: str
    ) -> tuple[PackagePublished, PackageDiff]:
        """Start (or start again) from a template's package or from another administration's."""
        if source.administration is not None:
            document = await self._repository.get(key(source.administration))
            if document is None:
                detail = f"{source.administration} has no package to start from"
                raise unprocessable("Invalid package source", [{"field": "administration", "detail": detail}])
            kind = (await self._administrations.get(administration_id)).kind
            published = {number: service.definition for number, service in (await self._services.published()).items()}
            entries = as_starting_point(_package(document).entries, kind, published)
        else:
            entries = await self._template_entries(administration_id, source.template or "")
        return await self.save(administration_id, [entry.model_dump() for entry in entries], revision, by=by)

    async def _template_entries(self, administration_id: str, name: str) -> list[PackageEntry]:
        template = TEMPLATES.get(name)
        if template is None:
            detail = f"no template {name}; there are {', '.join(sorted(TEMPLATES))}"
            raise unprocessable("Invalid package source", [{"field": "template", "detail": detail}])
        kind = (await self._administrations.get(administration_id)).kind
        if template.kind != kind:
            detail = f"{template.name} is for {KIND_NAMES[template.kind]}, {administration_id} is not one"
            raise unprocessable("Invalid package source", [{"field": "template", "detail": detail}])
        published = await self._services.published()
        return template_entries(template, (service.definition for service in published.values()))

    async def seed(self, package: PackagePublished) -> bool:
        history = {
            "version": 1,
            "at": dt.datetime.now(dt.UTC).isoformat(),
            "by": "seed",
            "entries": _dump(package.entries),
        }
        try:
            await self._repository.create(key(package.administration_id), KIND, _fields(package, [history]), [package])
        except AlreadyExists:
            return False
        return True

    async def _checked(self, administration_id: str, raw_entries: list[Any]) -> list[PackageEntry]:
        administration = await self._administrations.get(administration_id)
        try:
            entries = _ENTRIES.validate_python(raw_entries)
        except ValidationError as exc:
            errors = field_errors(exc.errors(), "entries")
            raise unprocessable("Invalid package", errors) from exc
        definitions = {number: service.definition for number, service in (await self._services.published()).items()}
        if errors := entry_errors(entries, administration.kind, definitions):
            raise unprocessable("Invalid package", errors)
        return sorted(entries, key=lambda entry: entry.service)

    async def _document(self, administration_id: str) -> Document:
        document = await self._repository.get(key(administration_id))
        if document is None:
            raise not_found(f"a package of {administration_id}")
        return document


def _dump(entries: list[PackageEntry]) -> str:
    return dumps([entry.model_dump(mode="json") for entry in entries])


def _entries(text: str) -> list[PackageEntry]:
    return _ENTRIES.validate_python(loads(text))


def _fields(package: PackagePublished, versions: list[Document]) -> Document:
    return {
        "sort": package.administration_id,
        "version": package.version,
        "entries": _dump(package.entries),
        "versions": versions,
    }


def _package(document: Document) -> PackagePublished:
    administration_id = document["_id"].removeprefix("package:")
    return PackagePublished(
        administration_id=administration_id, version=document["version"], entries=_entries(document["entries"])
    )
