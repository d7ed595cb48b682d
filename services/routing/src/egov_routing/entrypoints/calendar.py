"""The days the government moved by decree, kept by the platform's operators."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependencies' annotations at runtime.

import dataclasses
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from egov_routing.adapters.decree_days import DecreeDay, DecreeDays
from egov_routing.service_layer.calendar import CalendarSource
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.problems import Problem, unprocessable
from egov_sdk.storable import unstorable


class DecreedDay(BaseModel):
    model_config = ConfigDict(extra="forbid")

    working: bool = Field(description="True: a working day by decree (e.g. a Saturday); false: a day off")
    note: str = Field(min_length=1, max_length=300, description="The decree, e.g. РМС № 123 от 2026 г.")


def calendar_router(days: DecreeDays, calendar: CalendarSource, principal: Authenticator) -> APIRouter:
    router = APIRouter(prefix="/calendar/decree-days", tags=["calendar"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    @router.get("")
    async def list_decree_days(caller: Caller) -> list[dict[str, Any]]:
        caller.require_staff()
        return [dataclasses.asdict(day) for day in await days.all()]

    @router.put("/{day}")
    async def put_decree_day(day: dt.date, body: DecreedDay, caller: Caller) -> dict[str, Any]:
        caller.require_operator()
        if errors := list(unstorable(body.model_dump())):
            raise unprocessable("Invalid decree day", errors)
        decreed = DecreeDay(day, body.working, body.note, dt.datetime.now(dt.UTC))
        await days.put(decreed)
        await calendar.reload()
        return dataclasses.asdict(decreed)

    @router.delete("/{day}", status_code=204)
    async def delete_decree_day(day: dt.date, caller: Caller) -> Response:
        caller.require_operator()
        if not await days.remove(day):
            raise Problem(404, "Not found", f"{day.isoformat()} is not a decree day")
        await calendar.reload()
        return Response(status_code=204)

    return router
