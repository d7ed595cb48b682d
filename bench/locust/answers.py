"""Whether an answer is right, beyond its HTTP status: a 200 with the wrong body (a login page
instead of the worklist, a status without `status`) counts as a failure in locust's statistics.

Each check returns why the answer is wrong, or None. NOTE: the reasons name no ids: locust groups
failures by their message, and one line per application would bury the kinds of failure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from egov_schemas.lifecycle import ApplicationState

_STATES = {state.value for state in ApplicationState}
# NOTE: how many applications intake's "my applications" lists at most (MINE_LIMIT in its API).
MINE_LIMIT = 200
_CASE_LINK = re.compile(r'<a href="/cases/([0-9a-zA-Z-]{1,64})">([^<]+)</a>')
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_REVISION = re.compile(r'name="revision" value="(\d+)"')
# NOTE: only the worklist has the filters' form; the login page, which the workspace answers
# with a 200 to a lost session, does not.
_WORKLIST_MARK = 'aria-labelledby="filters-title"'


@dataclass(frozen=True)
class Accepted:
    """What a citizen keeps from intake's 202: the id, and the token that opens the application."""

    id: str
    reference: str
    access_token: str


def accepted(body: Any) -> Accepted | str:
    """The submission's answer, or why it is wrong."""
    if not isinstance(body, dict):
        return "the answer is not a JSON object"
    missing = [key for key in ("id", "reference", "access_token", "status") if not body.get(key)]
    if missing:
        return f"the answer lacks {', '.join(missing)}"
    if body["status"] != ApplicationState.SUBMITTED:
        return f"a new application is {body['status']!r}, not submitted"
    return Accepted(str(body["id"]), str(body["reference"]), str(body["access_token"]))


def status_problem(body: Any, application_id: str) -> str | None:
    """Why a status answer is wrong: not this application's, or without a known `status`."""
    if not isinstance(body, dict):
        return "the answer is not a JSON object"
    if body.get("id") != application_id:
        return "the answer is about another application"
    if body.get("status") not in _STATES:
        return f"no known status in the answer: {body.get('status')!r}"
    return None


def mine_problem(body: Any, application_id: str, limit: int = MINE_LIMIT) -> str | None:
    """Why "my applications" is wrong: not a list, or without the application just submitted
    although the list is not full (it holds the newest `limit`, and many users may log in as the
    same demo citizen)."""
    if not isinstance(body, list):
        return "the answer is not a JSON list"
    if len(body) < limit and application_id not in {row.get("id") for row in body if isinstance(row, dict)}:
        return "the application just submitted is not listed"
    return None


def search_problem(body: Any, service: int) -> str | None:
    """Why the catalog's search answer is wrong: not a page of items, or without the service."""
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list):
        return "the answer has no list of items"
    if service not in {item.get("iisda_number") for item in items if isinstance(item, dict)}:
        return f"service {service} is not found"
    return None


def worklist_cases(page: str) -> list[tuple[str, str]] | str:
    """The cases a worklist page lists, as (application id, reference); or why it is not a worklist."""
    if _WORKLIST_MARK not in page:
        return "not the worklist (the login page?)"
    return _CASE_LINK.findall(page)


def case_page_problem(page: str, reference: str) -> str | None:
    if f"{reference}</h1>" not in page:
        return "the page does not show the case"
    return None


@dataclass(frozen=True)
class CaseForm:
    """What a case page's forms carry: the session's CSRF token, the case's revision, and which
    actions it offers the employee now."""

    csrf_token: str
    revision: str
    actions: frozenset[str]


def case_form(page: str, application_id: str) -> CaseForm | str:
    csrf, revision = _CSRF.search(page), _REVISION.search(page)
    if not (csrf and revision):
        return "the case page has no CSRF token or revision"
    return CaseForm(csrf[1], revision[1], offered_actions(page, application_id))


def offered_actions(page: str, application_id: str) -> frozenset[str]:
    """The actions whose forms a case page shows (claim, accept, complete, ...)."""
    return frozenset(re.findall(rf'action="/cases/{re.escape(application_id)}/([a-z-]+)"', page))
