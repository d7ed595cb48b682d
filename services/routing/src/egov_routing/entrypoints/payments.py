"""pay.egov's status callbacks: form posts signed like its API calls (ClientId, Hmac, Data).

pay.egov counts a callback as delivered only when the answer is 2xx with `{"success": true}`,
and retries it otherwise. A callback that does not verify is refused (and changes nothing); a
duplicate or late one is answered as received, so pay.egov stops retrying it.
"""

# NOTE: no `from __future__ import annotations`: FastAPI reads the form's annotations at runtime.

from typing import Annotated

from fastapi import APIRouter, Form

from egov_routing.adapters.pay_egov import ForgedCallback, MalformedCallback, PayEgovClient
from egov_routing.service_layer.payments import PaymentDesk
from egov_sdk.logging import get_logger
from egov_sdk.problems import Problem

log = get_logger(__name__)
_FIELD = {"max_length": 65_536}


def payments_router(desk: PaymentDesk, pay_egov: PayEgovClient) -> APIRouter:
    router = APIRouter(prefix="/payments", tags=["payments"])

    @router.post("/pay-egov")
    async def pay_egov_callback(
        client_id: Annotated[str, Form(alias="ClientId", max_length=128)],
        hmac: Annotated[str, Form(alias="Hmac", max_length=256)],
        data: Annotated[str, Form(alias="Data", **_FIELD)],
    ) -> dict[str, bool]:
        try:
            change = pay_egov.read_callback(client_id, hmac, data)
        except ForgedCallback as exc:
            log.warning("payment_callback_refused", reason=str(exc))
            raise Problem(401, "Unauthorized", f"the callback does not verify: {exc}") from exc
        except MalformedCallback as exc:
            raise Problem(400, "Bad callback", str(exc)) from exc
        await desk.on_status(change)
        return {"success": True}

    return router
