"""Service definitions: drafts, publishing a version and retiring it.

A service is one stored entity holding all its versions, so publishing version N and retiring
N-1 is one atomic write. At most one version is published; the ones before it are retired.
Published bodies are never written again: applications keep reading the version they used.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from egov_catalog.adapters.repository import AlreadyExists, Filter, dumps, loads
from egov_catalog.domain.definitions import definition_errors
from egov_catalog.service_layer.errors import conflict, not_found, stale
from egov_schemas.catalog import ServiceDefinition, ServiceVersionChanged
from egov_sdk.problems import unprocessable

if TYPE_CHECKING:
    from egov_catalog.adapters.repository import CatalogRepository, Document

KIND = "service"


class Published(NamedTuple):
    version: int
    definition: ServiceDefinition


def key(iisda_number: int) -> str:
    return f"service:{iisda_number}"


class Services:
    def __init__(self, repository: CatalogRepository):
        self._repository = repository

    async def get(self, iisda_number: int) -> Document:
        document = await self._repository.get(key(iisda_number))
        if document is None:
            raise not_found(f"service {iisda_number}")
        return document

    async def search(
        self,
        *,
        text: str = "",
        category: str | None = None,
        provider_kind: str | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> tuple[list[Document], int]:
        """Published services whose names (bg or en), number or category contain every word of `text`."""
        where = Filter(published=True, words=tuple(text.split()), category=category, provider_kind=provider_kind)
        return await self._repository.find(KIND, where, offset=offset, limit=limit)

    async def published(self) -> dict[int, Published]:
        """Every service with a published version: that version's number and definition."""
        documents, _ = await self._repository.find(KIND, Filter(published=True))
        return {d["iisda_number"]: Published(d["current"], current_definition(d)) for d in documents}

    async def create_draft(self, fields: dict[str, Any]) -> Document:
        """A new service, as draft version 1."""
        number = _number(fields)
        _check_draft(fields)
        draft = {"version": 1, "status": "draft", "body": dumps(fields)}
        try:
            await self._repository.create(key(number), KIND, _summary(number, fields, [draft], None, 1), [])
        except AlreadyExists as exc:
            raise conflict(f"service {number} already exists; change it through its draft") from exc
        return await self.get(number)

    async def save_draft(self, iisda_number: int, fields: dict[str, Any], revision: int) -> Document:
        """Replace the draft (or start the next version's draft) with these fields."""
        if _number(fields) != iisda_number:
            raise unprocessable(
                "Invalid draft", [{"field": "iisda_number", "detail": f"must be {iisda_number}, as in the URL"}]
            )
        _check_draft(fields)
        document = await self._current(iisda_number, revision)
        versions = [v for v in document["versions"] if v["status"] != "draft"]
        version = document["draft"] or max(v["version"] for v in document["versions"]) + 1
        versions.append({"version": version, "status": "draft", "body": dumps(fields)})
        await self._write(document, _summary(iisda_number, fields, versions, document["current"], version), [])
        return await self.get(iisda_number)

    async def discard_draft(self, iisda_number: int, revision: int) -> Document:
        document = await self._current(iisda_number, revision)
        if document["draft"] is None:
            raise not_found(f"a draft of service {iisda_number}")
        if document["current"] is None and len(document["versions"]) == 1:
            raise conflict(f"service {iisda_number} has only this draft; it stays until it is published")
        versions = [v for v in document["versions"] if v["status"] != "draft"]
        fields = _body(versions, document["current"] or versions[-1]["version"])
        await self._write(document, _summary(iisda_number, fields, versions, document["current"], None), [])
        return await self.get(iisda_number)

    async def publish(self, iisda_number: int, revision: int) -> Document:
        document = await self._current(iisda_number, revision)
        version = document["draft"]
        if version is None:
            raise conflict(f"service {iisda_number} has no draft to publish")
        fields = _body(document["versions"], version)
        if errors := definition_errors(fields, complete=True):
            raise unprocessable("Draft is incomplete", errors)
        now = dt.datetime.now(dt.UTC)
        events = [_event(fields, version, "published", now)]
        versions = []
        for entry in document["versions"]:
            changes = {}
            if entry["version"] == version:
                changes = {"status": "published", "published_at": now.isoformat()}
            elif entry["status"] == "published":
                changes = {"status": "retired", "retired_at": now.isoformat()}
                events.append(_event(loads(entry["body"]), entry["version"], "retired", _at(entry)))
            versions.append({**entry, **changes})
        await self._write(document, _summary(iisda_number, fields, versions, version, None), events)
        return await self.get(iisda_number)

    async def retire(self, iisda_number: int, revision: int) -> Document:
        """Withdraw the published version: no new applications; those already made keep it."""
        document = await self._current(iisda_number, revision)
        version = document["current"]
        if version is None:
            raise conflict(f"service {iisda_number} has no published version to retire")
        now = dt.datetime.now(dt.UTC)
        versions = [
            {**v, "status": "retired", "retired_at": now.isoformat()} if v["version"] == version else v
            for v in document["versions"]
        ]
        fields = _body(versions, version)
        published_at = _at(next(v for v in document["versions"] if v["version"] == version))
        retired = _event(fields, version, "retired", published_at)
        await self._write(document, _summary(iisda_number, fields, versions, None, document["draft"]), [retired])
        return await self.get(iisda_number)

    async def seed(self, definition: ServiceDefinition | dict[str, Any]) -> bool:
        """Store a seeded service (published, or a draft) unless it exists; True when stored."""
        if isinstance(definition, dict):
            fields, status = definition, "draft"
        else:
            fields, status = definition.model_dump(mode="json"), "published"
        number = fields["iisda_number"]
        now = dt.datetime.now(dt.UTC)
        version = {"version": 1, "status": status, "body": dumps(fields)}
        if status == "published":
            version["published_at"] = now.isoformat()
        current, draft = (1, None) if status == "published" else (None, 1)
        events = [_event(fields, 1, "published", now)] if status == "published" else []
        try:
            await self._repository.create(
                key(number), KIND, _summary(number, fields, [version], current, draft), events
            )
        except AlreadyExists:
            return False
        return True

    async def _current(self, iisda_number: int, revision: int) -> Document:
        document = await self.get(iisda_number)
        if document["revision"] != revision:
            raise stale(f"service {iisda_number}", document["revision"])
        return document

    async def _write(self, document: Document, fields: Document, events: list[ServiceVersionChanged]) -> None:
        if not await self._repository.update(document["_id"], document["revision"], fields, events):
            latest = await self.get(document["iisda_number"])
            raise stale(f"service {document['iisda_number']}", latest["revision"])


def version_body(document: Document, version: int) -> dict[str, Any] | None:
    known = any(entry["version"] == version for entry in document["versions"])
    return _body(document["versions"], version) if known else None


def current_definition(document: Document) -> ServiceDefinition:
    return ServiceDefinition.model_validate(version_body(document, document["current"]))


def public_view(document: Document) -> dict[str, Any]:
    """A service as the public sees it: its published definition and its version history."""
    view = version_body(document, document["current"]) if document["current"] else None
    return {
        "iisda_number": document["iisda_number"],
        "status": document["status"],
        "current_version": document["current"],
        "draft_version": document["draft"],
        "definition": view,
        "versions": [{k: v for k, v in entry.items() if k != "body"} for entry in document["versions"]],
    }


def _event(
    fields: dict[str, Any], version: int, status: Literal["published", "retired"], at: dt.datetime
) -> ServiceVersionChanged:
    return ServiceVersionChanged.model_validate({**fields, "version": version, "status": status, "published_at": at})


def _at(entry: Document) -> dt.datetime:
    return dt.datetime.fromisoformat(entry["published_at"])


def _body(versions: list[Document], version: int) -> dict[str, Any]:
    body: dict[str, Any] = loads(next(v["body"] for v in versions if v["version"] == version))
    return body


def _number(fields: dict[str, Any]) -> int:
    number = fields.get("iisda_number")
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        required = {"field": "iisda_number", "detail": "the service's IISDA number is required"}
        raise unprocessable("Invalid draft", [required])
    return number


def _check_draft(fields: dict[str, Any]) -> None:
    if errors := definition_errors(fields, complete=False):
        raise unprocessable("Invalid draft", errors)


def _summary(
    number: int, fields: dict[str, Any], versions: list[Document], current: int | None, draft: int | None
) -> Document:
    """The searchable fields of a service: those of its published version, else of its draft."""
    shown = _body(versions, current) if current else fields
    names = [shown.get("name_bg") or "", shown.get("name_en") or ""]
    status = "published" if current else ("retired" if any(v["status"] == "retired" for v in versions) else "draft")
    return {
        "iisda_number": number,
        "sort": number,
        "status": status,
        "current": current,
        "draft": draft,
        "name_bg": names[0],
        "name_en": names[1],
        "category": shown.get("category"),
        "provider_kinds": shown.get("provider_kinds", []),
        "search": " ".join([str(number), *names, shown.get("category") or ""]).lower(),
        "versions": versions,
    }
