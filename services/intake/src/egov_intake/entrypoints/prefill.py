"""Prefill for the logged-in citizen: a service's form filled from their own registry data."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoint's annotations at runtime.

from typing import Annotated

from fastapi import APIRouter, Depends

from egov_intake.adapters.registry_gateway import RegistryGatewayError, RegistryUnavailable
from egov_intake.domain.prefill import PrefillAsked, Prefilled
from egov_intake.service_layer.prefill import Catalog, Consents, Gateway, prefill
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.problems import Problem

_BY_HAND = "Попълнете формата ръчно или опитайте по-късно. / Fill in the form by hand, or try again later."


def prefill_router(catalog: Catalog, consents: Consents, gateway: Gateway, signed_in: Authenticator) -> APIRouter:
    router = APIRouter(tags=["prefill"])
    Caller = Annotated[Principal, Depends(signed_in)]  # noqa: N806 - a type alias

    @router.post("/prefill", response_model=Prefilled)
    async def prefill_form(asked: PrefillAsked, caller: Caller) -> Prefilled:
        """Fill the service's form from the registries with the logged-in citizen's own data, with
        their consent (`consent: true`), which is recorded before any registry is read."""
        egn = caller.require_citizen()
        try:
            return await prefill(asked, egn, catalog=catalog, consents=consents, gateway=gateway)
        except RegistryUnavailable as exc:
            raise Problem(
                503,
                "Registries unavailable",
                f"Регистрите не отговарят в момента. / The registries are not answering now. {_BY_HAND}",
                headers={"Retry-After": str(exc.retry_after_s)},
            ) from exc
        except RegistryGatewayError as exc:
            raise Problem(
                502,
                "Registry gateway error",
                f"Данните не могат да бъдат прочетени. / The data could not be read. {_BY_HAND}",
            ) from exc

    return router
