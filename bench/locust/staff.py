"""The employee: logs in to the workspace through the eID simulator, looks through the worklist
with its filters, opens cases, and takes work of a staff-processed service from claim to completion."""

from __future__ import annotations

import itertools
import random
from typing import ClassVar

from locust import User, between, task
from locust.clients import HttpSession

from bench.locust import answers, names
from bench.locust.applications import CERTIFIED_COPY
from bench.locust.eid import keep_workspace_cookie, log_in_to_workspace
from bench.locust.options import Targets

# NOTE: the filters a clerk uses, as the worklist's form sends them; each is its own line in
# locust's statistics (the values are fixed, so the URL names itself).
WORKLIST_FILTERS: tuple[dict[str, str], ...] = (
    {},
    {"state": "all"},
    {"state": "completed"},
    {"service": str(CERTIFIED_COPY.service)},
    {"assignee": "me"},
    {"assignee": "unassigned", "due": "overdue"},
)
UNCLAIMED = {"service": str(CERTIFIED_COPY.service), "assignee": "unassigned"}
DOCUMENT_BODY = "Издава се заверен препис от личния регистрационен картон по заявлението."
# NOTE: claim, accept, complete: the shortest way through a case; each is taken only when the case
# page offers it, as a clerk would (a colleague may have claimed the case in between).
DECISIONS: tuple[tuple[str, dict[str, str]], ...] = (
    ("claim", {}),
    ("accept", {}),
    ("complete", {"body": DOCUMENT_BODY}),
)


class Staff(User):
    """A clerk of Sofia (the demo employees of `--staff-people`, in turn) in the workspace at
    `--workspace-url`."""

    weight = 1
    wait_time = between(1, 4)
    _logins: ClassVar[itertools.count[int]] = itertools.count()

    def on_start(self) -> None:
        self.targets = Targets.from_options(self.environment.parsed_options, self.environment.host or "")
        self.rng = random.Random()  # noqa: S311 - a user's choices, not a secret
        self.workspace = HttpSession(
            base_url=self.targets.workspace_url, request_event=self.environment.events.request, user=self
        )
        keep_workspace_cookie(self.workspace, self.targets.workspace_url)
        people = self.targets.staff_people
        self.person = people[next(self._logins) % len(people)]
        self.logged_in = False

    def on_stop(self) -> None:
        self.workspace.close()

    @task(4)
    def look_through_the_worklist(self) -> None:
        self.worklist(self.rng.choice(WORKLIST_FILTERS))

    @task(2)
    def open_a_case(self) -> None:
        cases = self.worklist({"state": "all"})
        if cases:
            self.case(*self.rng.choice(cases))

    @task(2)
    def process_a_case(self) -> None:
        cases = self.worklist(UNCLAIMED)
        if not cases:
            return
        application_id, reference = self.rng.choice(cases)
        form = self.case(application_id, reference)
        for action, fields in DECISIONS:
            if form is None or action not in form.actions:
                return
            if not self.act(application_id, reference, action, form, fields):
                return
            form = self.case(application_id, reference)

    def worklist(self, filters: dict[str, str]) -> list[tuple[str, str]]:
        """The (application id, reference) of the cases a worklist page lists."""
        if not self.logged_in:
            self.logged_in = log_in_to_workspace(self.workspace, self.person)
            if not self.logged_in:
                return []
        path = names.worklist(filters)
        with self.workspace.get(path, name=names.workspace(path), catch_response=True) as page:
            if not page.ok:
                return []
            found = answers.worklist_cases(page.text)
            if isinstance(found, str):
                page.failure(found)
                self.logged_in = False  # NOTE: the session is gone: log in again next time
                return []
            return found

    def case(self, application_id: str, reference: str) -> answers.CaseForm | None:
        """Open the case page; what its forms offer, when it has any."""
        with self.workspace.get(f"/cases/{application_id}", name=names.CASE, catch_response=True) as page:
            if not page.ok:
                return None
            if problem := answers.case_page_problem(page.text, reference):
                page.failure(problem)
                return None
            form = answers.case_form(page.text, application_id)
            return form if isinstance(form, answers.CaseForm) else None

    def act(
        self, application_id: str, reference: str, action: str, form: answers.CaseForm, fields: dict[str, str]
    ) -> bool:
        """Post one of the case page's forms; True when it was done (303 back to the case)."""
        data = {"csrf_token": form.csrf_token, "revision": form.revision, **fields}
        with self.workspace.post(
            f"/cases/{application_id}/{action}",
            data=data,
            name=names.case_action(action),
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code == 303 and answer.headers.get("location") == f"/cases/{application_id}":
                return True
            # NOTE: a colleague was quicker: the workspace answers with the case page, which no
            # longer offers the action. That is how concurrent work goes, not a failure.
            shown = answer.status_code == 400 and answers.case_page_problem(answer.text, reference) is None
            if shown and action not in answers.offered_actions(answer.text, application_id):
                answer.success()
            else:
                answer.failure(f"{action} was not done: {answer.status_code}")
            return False
