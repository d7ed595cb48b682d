"""The document store: PyMongo's async client (MongoDB in production, FerretDB locally).

Code here and in the services keeps to what both support: single-document atomic updates, unique
indexes, no multi-document transactions, no change streams, no TTL or partial indexes.
"""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient

from egov_sdk.settings import PlatformSettings

Document = dict[str, Any]


def make_mongo_client(settings: PlatformSettings) -> AsyncMongoClient[Document]:
    return AsyncMongoClient(
        settings.mongodb_url,
        appname=settings.service_name,
        tz_aware=True,
        serverSelectionTimeoutMS=5000,
    )


def with_id(document: Document) -> Document:
    """A stored document as an API shows it: `id` instead of `_id`, without the outbox."""
    shown = {key: value for key, value in document.items() if key not in {"_id", "outbox", "outbox_pending"}}
    return {"id": document["_id"], **shown}
