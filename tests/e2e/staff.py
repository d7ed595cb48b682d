"""An employee in the staff workspace, without a browser: logged in through the eID simulator,
the session cookie kept by hand (it is `Secure`, which an HTTP client would not send to
http://127.0.0.1, while a browser treats the loopback address as secure), and forms posted with
the session's CSRF token and the case's revision as the pages give them."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie
from typing import Any

import httpx

from egov_eid_sim.testing import web_login
from egov_localstack.platform import Platform
from tests.e2e.citizen import status
from tests.kafka_helpers import eventually

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_REVISION = re.compile(r'name="revision" value="(\d+)"')
_SESSION = "egov_workspace_session"


class StaffSession:
    def __init__(self, platform: Platform):
        self.http = httpx.AsyncClient(base_url=platform.url("workspace"), timeout=30)
        self._cookie = ""

    async def __aenter__(self) -> StaffSession:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.http.aclose()

    async def log_in(self, person: str, acr: str = "eid_substantial") -> None:
        self._cookie = await web_login(self.http, person, acr, cookie=_SESSION)

    async def get(self, path: str, **params: str) -> httpx.Response:
        return self._keep(await self.http.get(path, params=params or None, headers=self._headers()))

    async def post(self, path: str, form: dict[str, Any]) -> httpx.Response:
        """A form posted from the page it is on: with the session's CSRF token."""
        token = await self.csrf_token()
        return self._keep(await self.http.post(path, data={"csrf_token": token, **form}, headers=self._headers()))

    async def act(self, application_id: str, action: str, **form: str) -> httpx.Response:
        """An action on a case, taken on its revision as its page shows it now."""
        page = await self.get(f"/cases/{application_id}")
        revision = _REVISION.search(page.text)
        taken_on = revision[1] if revision else "1"
        return await self.post(f"/cases/{application_id}/{action}", {"revision": taken_on, **form})

    async def csrf_token(self) -> str:
        page = await self.get("/")  # NOTE: every page carries it, in the logout form
        if page.status_code == 303:
            page = await self.get(page.headers["location"])  # NOTE: an admin's home is the staff page
        found = _CSRF.search(page.text)
        assert found, page.text
        return found[1]

    def _headers(self) -> dict[str, str]:
        return {"Cookie": self._cookie} if self._cookie else {}

    def _keep(self, response: httpx.Response) -> httpx.Response:
        for header in response.headers.get_list("set-cookie"):
            cookie = SimpleCookie(header)
            if _SESSION in cookie:
                self._cookie = f"{_SESSION}={cookie[_SESSION].value}"
        return response


async def listed(session: StaffSession, reference: str, **filters: str) -> bool:
    return reference in (await session.get("/", **filters)).text


async def arrived(session: StaffSession, intake: httpx.AsyncClient, application_id: str) -> str:
    """The application's reference, once the workspace lists it."""
    reference = str((await status(intake, application_id))["reference"])
    await eventually(lambda: listed(session, reference), timeout=60)
    return reference
