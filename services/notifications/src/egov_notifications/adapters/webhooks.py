"""Webhooks signed per the Standard Webhooks spec (the `standardwebhooks` package): headers
`webhook-id` (the notice: receivers dedupe by it), `webhook-timestamp` and `webhook-signature`."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import ipaddress
import json
import secrets
from typing import Any

import httpx
from standardwebhooks import Webhook

from egov_notifications.domain.outcome import Accepted, Failed, Outcome

SECRET_PREFIX = "whsec_"  # noqa: S105 - the spec's prefix, not a secret


def new_secret() -> str:
    """A signing secret in the spec's form: `whsec_` and 24 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


async def reaches_only_public_addresses(url: str) -> bool:
    """Whether every address the URL's host resolves to is a public one.

    NOTE: webhook URLs come from outside the platform (an administration's systems, a business),
    so they must not reach inside it (intake's internal endpoint, the cluster's services). A host
    that resolves differently between this check and the request is not caught (DNS rebinding).
    """
    host = httpx.URL(url).host
    try:
        addresses = await asyncio.get_running_loop().getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return True  # NOTE: the request fails on its own, as a failure to be retried
    return all(ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_global for info in addresses)


class WebhookSender:
    def __init__(self, http: httpx.AsyncClient, *, allow_private: bool = False):
        self._http = http
        self._allow_private = allow_private

    async def send(self, url: str, secret: str, message_id: str, payload: dict[str, Any]) -> Outcome:
        try:
            if not self._allow_private and not await reaches_only_public_addresses(url):
                return Failed("the URL reaches a private address", permanent=True)
        except httpx.InvalidURL:
            return Failed("not a URL a request can be sent to", permanent=True)
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        # NOTE: the real time, never the test clock: receivers refuse a timestamp 5 minutes off.
        now = dt.datetime.now(dt.UTC)
        signature = Webhook(secret).sign(message_id, now, body)
        headers = {
            "content-type": "application/json",
            "webhook-id": message_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signature,
        }
        try:
            response = await self._http.post(url, content=body.encode(), headers=headers)
        except httpx.InvalidURL:
            return Failed("not a URL a request can be sent to", permanent=True)
        except httpx.HTTPError as exc:
            return Failed(f"unreachable ({type(exc).__name__})")
        if 200 <= response.status_code < 300:
            return Accepted()
        # NOTE: 410 Gone is the receiver saying it wants no more (the spec's advice); all else is retried.
        gone = response.status_code == 410
        return Failed(f"HTTP {response.status_code}", permanent=gone, refused=gone)
