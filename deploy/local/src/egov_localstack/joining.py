"""Joining the platform through its APIs: what `egov-stack join`, `shadow`, `cut-over` and
`shadow-report` do, each step a call the catalog's or routing's API also offers.

Every step can be run again: a registered administration is brought up to date, a package that
exists is kept, a principal that exists is granted its rules again.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

import httpx

from egov_sdk.problems import PROBLEM_JSON

ROUTING_CATCH_UP_S = 30.0


class JoiningError(Exception):
    """A step the platform refused, with what it said."""


@dataclass(frozen=True)
class PlatformApi:
    """The platform's APIs and the tokens they are called with."""

    catalog_url: str
    routing_url: str
    intake_url: str
    workspace_url: str
    operator_token: str
    admin_token: str
    """An administrator's of the joining administration (packages are its admins' to change)."""

    def catalog(self, token: str) -> httpx.Client:
        return httpx.Client(base_url=self.catalog_url, timeout=30, headers={"Authorization": f"Bearer {token}"})


@dataclass(frozen=True)
class PackageStart:
    template: str | None = None
    administration: str | None = None

    def body(self) -> dict[str, str | None]:
        return {"template": self.template, "administration": self.administration}

    def __str__(self) -> str:
        return f"template {self.template}" if self.template else f"the package of {self.administration}"


DETAILS = ("id", "name_bg", "name_en", "kind", "eik", "ekatte", "contacts", "channels")
"""An administration's details as the catalog takes them (its revision aside)."""
NEW_ADMINISTRATION = {"kind": "municipality", "channels": ["email"]}


def register(api: PlatformApi, given: dict[str, Any]) -> str:
    """Register the administration (its topics are made with it) with the details given, or
    change the details given of one registered before, keeping the others; what was done."""
    given = _without_blanks(given)
    with api.catalog(api.operator_token) as catalog:
        created = catalog.post("/administrations", json=NEW_ADMINISTRATION | given)
        if created.status_code == 201:
            return "registered, with its topics"
        if created.status_code != 409:
            raise _refused("registering the administration", created)
        current = catalog.get(f"/administrations/{given['id']}")
        _check(current, "reading the administration")
        kept = _without_blanks({key: current.json().get(key) for key in DETAILS})
        wanted = kept | given | {"contacts": kept.get("contacts", {}) | given.get("contacts", {})}
        if wanted == kept:
            return "already registered, unchanged"
        updated = catalog.put(
            f"/administrations/{given['id']}", json=wanted, headers={"If-Match": current.headers["ETag"]}
        )
        _check(updated, "updating the administration")
        return "already registered, details updated"


def name_staff(api: PlatformApi, administration: str, person: str, name: str, role: str) -> None:
    """Name a member of the administration's staff in the workspace (its first admin, who adds
    the others on the workspace's staff page)."""
    headers = {"Authorization": f"Bearer {api.operator_token}"}
    with httpx.Client(base_url=api.workspace_url, timeout=30, headers=headers) as workspace:
        member = {"person": person, "name": name, "role": role}
        named = workspace.post(f"/administrations/{administration}/staff", json=member)
        _check(named, "naming the administration's staff in the workspace")


def start_package(api: PlatformApi, administration: str, start: PackageStart) -> dict[str, Any] | None:
    """The package from the template or the other administration's; None when the
    administration has a package already (which is kept)."""
    with api.catalog(api.admin_token) as catalog:
        if catalog.get(f"/administrations/{administration}/package").status_code == 200:
            return None
        copied = catalog.post(f"/administrations/{administration}/package/copy", json=start.body())
        _check(copied, f"starting the package from {start}")
        package: dict[str, Any] = copied.json()
        return package


def set_processing(
    api: PlatformApi, administration: str, service: int, *, processing: str, shadow_from: dt.date | None
) -> int:
    """Change how one service of the package is processed (staff, shadow mode, automatic); the
    package's new version."""
    with api.catalog(api.admin_token) as catalog:
        current = catalog.get(f"/administrations/{administration}/package")
        _check(current, "reading the package")
        entries = current.json()["entries"]
        entry = next((entry for entry in entries if entry["service"] == service), None)
        if entry is None:
            raise JoiningError(f"service {service} is not in the package of {administration}")
        entry |= {"processing": processing, "shadow_from": shadow_from.isoformat() if shadow_from else None}
        saved = catalog.put(
            f"/administrations/{administration}/package",
            json={"entries": entries},
            headers={"If-Match": current.headers["ETag"]},
        )
        _check(saved, f"changing service {service} in the package")
        return int(saved.json()["version"])


def shadow_report(api: PlatformApi, administration: str, service: int, since: dt.date | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {api.admin_token}"}
    params = {"since": since.isoformat()} if since else {}
    with httpx.Client(base_url=api.routing_url, timeout=30, headers=headers) as routing:
        report = routing.get(f"/administrations/{administration}/shadow/{service}", params=params)
        _check(report, "reading the shadow report")
        found: dict[str, Any] = report.json()
        return found


def wait_until_routing_applies(api: PlatformApi, administration: str, service: int, version: int) -> bool:
    """Whether routing applies the package's `version` (or a later one) within half a minute: a
    change reaches routing's view of the catalog moments after it is saved."""
    deadline = time.monotonic() + ROUTING_CATCH_UP_S
    while time.monotonic() < deadline:
        applied = shadow_report(api, administration, service)["package"]["version"]
        if applied is not None and applied >= version:
            return True
        time.sleep(0.2)
    return False


def service_definition(api: PlatformApi, service: int) -> dict[str, Any]:
    """The service's published definition (its names and form)."""
    with httpx.Client(base_url=api.catalog_url, timeout=30) as catalog:
        found = catalog.get(f"/services/{service}")
        _check(found, f"reading service {service}")
        definition: dict[str, Any] | None = found.json()["definition"]
        if definition is None:
            raise JoiningError(f"service {service} has no published version")
        return definition


def administration_details(api: PlatformApi, administration: str) -> dict[str, Any]:
    with httpx.Client(base_url=api.catalog_url, timeout=30) as catalog:
        found = catalog.get(f"/administrations/{administration}")
        _check(found, f"reading administration {administration}")
        details: dict[str, Any] = found.json()
        return details


def _without_blanks(details: dict[str, Any]) -> dict[str, Any]:
    """The details without the fields left out (the catalog answers them as null)."""
    return {
        key: _without_blanks(value) if isinstance(value, dict) else value
        for key, value in details.items()
        if value is not None
    }


def _check(response: httpx.Response, doing: str) -> None:
    if response.is_error:
        raise _refused(doing, response)


def _refused(doing: str, response: httpx.Response) -> JoiningError:
    """What the platform said: a problem's detail names each wrong field."""
    said = response.text
    if response.headers.get("content-type", "").startswith(PROBLEM_JSON):
        problem = response.json()
        said = str(problem.get("detail") or problem.get("title"))
    return JoiningError(f"{doing}: {response.status_code} {said}")
