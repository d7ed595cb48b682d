"""The names requests go by in locust's statistics: one line per kind of request, whatever the
id in its URL, and each part of the platform apart from intake's (`--host`) by a prefix."""

from __future__ import annotations

from urllib.parse import urlencode


def workspace(path: str) -> str:
    """The workspace's pages, apart from the portal's (both have a `/`)."""
    return f"workspace: {path}"


def worklist(filters: dict[str, str]) -> str:
    """The worklist's path with these filters, as its form sends them: the scenario's filters
    take fixed values, so the path itself names the request."""
    return f"/?{urlencode(filters)}" if filters else "/"


CASE = workspace("/cases/[id]")


def case_action(action: str) -> str:
    return workspace(f"/cases/[id]/{action}")


APPLICATIONS = "/applications"
APPLICATION = "/applications/[id]"
SEARCH = "/search?q=[words]"
SERVICE_PAGE = "/services/[administration]/[service]"
CATALOG_SEARCH = "catalog: /services?q=[words]"
EID_LOGIN_PAGE = "eid: login page"
EID_LOGIN_FORM = "eid: login form"
CITIZEN_LOGIN = "citizen login (code flow)"
