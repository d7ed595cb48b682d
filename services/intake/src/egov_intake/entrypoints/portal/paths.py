"""The portal's path parameters, bounded as the API's are."""

# NOTE: no `from __future__ import annotations`: FastAPI reads these annotations at runtime.

from typing import Annotated

from fastapi import Path

from egov_schemas.identifiers import ADMINISTRATION_ID_PATTERN, APPLICATION_ID_MAX_LENGTH, APPLICATION_ID_PATTERN

AdministrationPath = Annotated[str, Path(max_length=64, pattern=ADMINISTRATION_ID_PATTERN)]
IdPath = Annotated[str, Path(max_length=APPLICATION_ID_MAX_LENGTH, pattern=APPLICATION_ID_PATTERN)]
"""A draft's or an application's id."""
