"""The registry gateway's prefill endpoint: a citizen's own registry data, asked for by intake alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
from pydantic import ValidationError

from egov_schemas.registry import PREFILL_ASKER, PrefillAnswers

if TYPE_CHECKING:
    from egov_schemas.registry import PrefillRequest
    from egov_sdk.auth import ServiceCredential

DEFAULT_RETRY_AFTER_S = 60
# NOTE: what each refusal means, said here: the gateway's own detail is not passed on, as a
# refusal of the body could quote it back, the citizen's EGN included.
_REFUSALS = {
    401: "the gateway does not accept intake's token: is PREFILL_TOKEN_KEY the gateway's?",
    409: "a prefill under the same consent id is under way",
    422: "the gateway found the request invalid",
}


class RegistryUnavailable(Exception):
    """The registries (or the gateway) cannot answer now; the citizen fills the form by hand."""

    def __init__(self, reason: str, retry_after_s: int = DEFAULT_RETRY_AFTER_S):
        super().__init__(reason)
        self.retry_after_s = retry_after_s


class RegistryGatewayError(Exception):
    """The gateway refused the request or answered out of contract: a fault to fix, not to retry."""

    def __init__(self, status: int, reason: str):
        super().__init__(f"registry gateway answered {status}: {reason}")
        self.status = status


class RegistryGateway:
    def __init__(self, gateway_url: str, credential: ServiceCredential, http: httpx.AsyncClient):
        self._url = f"{gateway_url.rstrip('/')}/internal/prefill"
        self._credential = credential
        self._http = http

    async def ask(self, request: PrefillRequest) -> PrefillAnswers:
        """One answer per operation asked; raises `RegistryUnavailable` or `RegistryGatewayError`."""
        headers = {"authorization": f"Bearer {self._credential.mint(PREFILL_ASKER)}"}
        try:
            response = await self._http.post(self._url, json=request.model_dump(mode="json"), headers=headers)
        except (httpx.TimeoutException, httpx.NetworkError) as exc:
            raise RegistryUnavailable(type(exc).__name__) from exc
        if response.status_code == httpx.codes.SERVICE_UNAVAILABLE:
            raise RegistryUnavailable("the registries are unavailable", _retry_after(response))
        if response.status_code != httpx.codes.OK:
            raise RegistryGatewayError(response.status_code, _REFUSALS.get(response.status_code, "unexpected status"))
        try:
            return PrefillAnswers.model_validate_json(response.content)
        except ValidationError:
            # NOTE: not chained: the validation error quotes the answer, the citizen's data.
            raise RegistryGatewayError(response.status_code, "the answer is not PrefillAnswers") from None


def _retry_after(response: httpx.Response) -> int:
    """The gateway's `Retry-After` in seconds, or the default when it gave none (or an HTTP date)."""
    value = response.headers.get("retry-after", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 6 else DEFAULT_RETRY_AFTER_S
