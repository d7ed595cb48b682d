"""What a registry said about one request, in the platform's shape (not RegiX's XML)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from egov_schemas.registry import RegistryStatus


@dataclass(frozen=True)
class RegistryAnswer:
    status: RegistryStatus
    data: dict[str, Any] | None = None
    error: str | None = None
