"""The pages timed, and what each must show: a benchmark of error pages (or of the login page a
lost session falls back to) is worthless, so every answer is checked against the database."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

PAGE_SIZE = 25
"""The workspace's default `worklist_page_size`."""
DEEP_PAGE = 200
_PAGE_OF = re.compile(r"Страница (\d+) от (\d+) \((\d+) заявления\)")
_NO_CASES = "Няма заявления по тези филтри."
_ROW_LINK = '<td><a href="/cases/'
_BAD_FILTER = 'class="field__error"'


@dataclass(frozen=True)
class Totals:
    """How many of the administration's cases each worklist question matches, counted apart."""

    open: int
    completed: int
    all: int
    service: int
    mine: int
    unassigned_overdue: int


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    total: int | None = None
    """The count the worklist page must show; None for a case page."""
    text: str = ""
    """What a case page must show (its reference)."""

    @property
    def page(self) -> int:
        return int(self.params.get("page", "1"))

    @property
    def rows(self) -> int:
        """Rows the page must list."""
        if self.total is None:
            return 0
        return max(0, min(PAGE_SIZE, self.total - (self.page - 1) * PAGE_SIZE))


class WrongAnswer(AssertionError):
    """A page that is not what the scenario asked for."""


def pages(total: int) -> int:
    return max(1, math.ceil(total / PAGE_SIZE))


def scenarios(totals: Totals, service: int, case: tuple[str, str]) -> list[Scenario]:
    """The worklist questions timed, and one case page (`case`: its application id and reference)."""
    deep = min(DEEP_PAGE, pages(totals.open))
    last = pages(totals.completed)
    application_id, reference = case
    return [
        Scenario("open", "/", {}, totals.open),
        Scenario("open_deep_page", "/", {"page": str(deep)}, totals.open),
        Scenario("completed", "/", {"state": "completed"}, totals.completed),
        Scenario("completed_last_page", "/", {"state": "completed", "page": str(last)}, totals.completed),
        Scenario("all", "/", {"state": "all"}, totals.all),
        Scenario("service", "/", {"service": str(service)}, totals.service),
        Scenario("assignee_me", "/", {"assignee": "me"}, totals.mine),
        Scenario("unassigned_overdue", "/", {"assignee": "unassigned", "due": "overdue"}, totals.unassigned_overdue),
        Scenario("case", f"/cases/{application_id}", text=reference),
    ]


def check(scenario: Scenario, status: int, body: str) -> int | None:
    """The total the page shows (None for a case page); raises WrongAnswer unless the answer is
    a 200 with what the scenario expects: the page asked for, the count and rows the database has."""
    if status != 200:
        raise WrongAnswer(f"{scenario.name}: HTTP {status}")
    if scenario.total is None:
        if scenario.text not in body:
            raise WrongAnswer(f"{scenario.name}: {scenario.text!r} is not on the page")
        return None
    if _BAD_FILTER in body:
        raise WrongAnswer(f"{scenario.name}: the page refused a filter of {scenario.params}")
    found = _PAGE_OF.search(body)
    if found is None:
        if scenario.rows == 0 and _NO_CASES in body:
            return 0
        raise WrongAnswer(f"{scenario.name}: not a worklist page")
    page, shown_pages, total = (int(group) for group in found.groups())
    if (page, shown_pages, total) != (scenario.page, pages(scenario.total), scenario.total):
        raise WrongAnswer(
            f"{scenario.name}: shows page {page} of {shown_pages} ({total}); "
            f"expected page {scenario.page} of {pages(scenario.total)} ({scenario.total})"
        )
    if (rows := body.count(_ROW_LINK)) != scenario.rows:
        raise WrongAnswer(f"{scenario.name}: {rows} rows listed, expected {scenario.rows}")
    return total
