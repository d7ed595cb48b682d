"""The administrations on the platform. Registering one creates its Kafka topics first, then
announces it on `egov.catalog`: routing and handlers pick it up from there, with no restart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from egov_catalog.adapters.repository import AlreadyExists, dumps, loads
from egov_catalog.service_layer.errors import conflict, not_found, stale
from egov_schemas import topics
from egov_schemas.catalog import AdministrationUpserted
from egov_sdk.kafka import TopicSpec, ensure_topics
from egov_sdk.problems import Problem, field_errors, unprocessable
from egov_sdk.storable import unstorable

if TYPE_CHECKING:
    from egov_catalog.adapters.repository import CatalogRepository, Document
    from egov_sdk.settings import PlatformSettings

KIND = "administration"


def key(administration_id: str) -> str:
    return f"administration:{administration_id}"


def administration_topics(administration_id: str) -> list[TopicSpec]:
    return [TopicSpec(topic) for topic in topics.administration_topics(administration_id)]


class Administrations:
    def __init__(self, repository: CatalogRepository, settings: PlatformSettings):
        self._repository = repository
        self._settings = settings

    async def get(self, administration_id: str) -> AdministrationUpserted:
        return _administration(await self._document(administration_id))

    async def page(self, *, offset: int = 0, limit: int = 0) -> tuple[list[AdministrationUpserted], int]:
        documents, total = await self._repository.find(KIND, offset=offset, limit=limit)
        return [_administration(document) for document in documents], total

    async def register(self, fields: dict[str, Any]) -> AdministrationUpserted:
        administration = _validated({**fields, "revision": 1})
        if await self._repository.get(key(administration.id)) is not None:
            raise conflict(f"administration {administration.id} already exists")
        await self._create_topics(administration.id)
        try:
            await self._repository.create(key(administration.id), KIND, _fields(administration), [administration])
        except AlreadyExists as exc:
            raise conflict(f"administration {administration.id} already exists") from exc
        return administration

    async def update(self, administration_id: str, fields: dict[str, Any], revision: int) -> AdministrationUpserted:
        document = await self._document(administration_id)
        if document["revision"] != revision:
            raise stale(f"administration {administration_id}", document["revision"])
        if fields.get("id", administration_id) != administration_id:
            raise unprocessable(
                "Invalid administration", [{"field": "id", "detail": f"must be {administration_id}, as in the URL"}]
            )
        administration = _validated({**fields, "id": administration_id, "revision": revision + 1})
        if not await self._repository.update(document["_id"], revision, _fields(administration), [administration]):
            raise stale(f"administration {administration_id}", (await self._document(administration_id))["revision"])
        return administration

    async def seed(self, administration: AdministrationUpserted) -> bool:
        try:
            await self._repository.create(key(administration.id), KIND, _fields(administration), [administration])
        except AlreadyExists:
            return False
        return True

    async def ensure_all_topics(self) -> list[str]:
        """Create any missing inbox/replies topic of a stored administration (e.g. after a Kafka rebuild)."""
        administrations, _ = await self.page()
        return await ensure_topics(self._settings, [t for a in administrations for t in administration_topics(a.id)])

    async def _create_topics(self, administration_id: str) -> None:
        try:
            await ensure_topics(self._settings, administration_topics(administration_id))
        except Exception as exc:
            detail = f"The topics of {administration_id} could not be created ({type(exc).__name__})"
            raise Problem(503, "Kafka unavailable", f"{detail}; nothing was registered, retry later.") from exc

    async def _document(self, administration_id: str) -> Document:
        document = await self._repository.get(key(administration_id))
        if document is None:
            raise not_found(f"administration {administration_id}")
        return document


def _validated(fields: dict[str, Any]) -> AdministrationUpserted:
    if errors := list(unstorable(fields)):
        raise unprocessable("Invalid administration", errors)
    try:
        return AdministrationUpserted.model_validate(fields)
    except ValidationError as exc:
        raise unprocessable("Invalid administration", field_errors(exc.errors())) from exc


def _fields(administration: AdministrationUpserted) -> Document:
    return {
        "sort": administration.id,
        "administration_kind": administration.kind,
        "body": dumps(administration.model_dump(mode="json")),
    }


def _administration(document: Document) -> AdministrationUpserted:
    return AdministrationUpserted.model_validate({**loads(document["body"]), "revision": document["revision"]})
