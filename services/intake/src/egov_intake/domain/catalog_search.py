"""Finding a service in the catalog by Bulgarian or English words: each word of the query must
begin a word of the service's name (in either language), its category or its IISDA number."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from egov_schemas.catalog import ServiceVersionChanged

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 10


def words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def matches(service: ServiceVersionChanged, query: str) -> bool:
    wanted = words(query)[:MAX_QUERY_WORDS]
    if not wanted:
        return False
    known = words(f"{service.name_bg} {service.name_en} {service.category.replace('_', ' ')} {service.iisda_number}")
    return all(any(word.startswith(part) for word in known) for part in wanted)


def search(services: list[ServiceVersionChanged], query: str) -> list[ServiceVersionChanged]:
    """The services matching every word, those whose Bulgarian name starts with the first word first."""
    found = [service for service in services if matches(service, query)]
    first = (words(query) or [""])[0]
    return sorted(found, key=lambda service: (not service.name_bg.casefold().startswith(first), service.name_bg))
