"""The citizen: finds a service in the portal and the catalog, logs in with national eID, applies
through intake's JSON API, follows the application to the status it should reach, and reads "my
applications"."""

from __future__ import annotations

import random
import time
from typing import Any
from urllib.parse import quote

import httpx
from locust import HttpUser, between, task

from bench.locust import answers, names, timings
from bench.locust.applications import CITIZEN, SEARCHES, Application, choose, poll_delay
from bench.locust.eid import IdToken, citizen_id_token
from bench.locust.options import Targets
from egov_eid_sim.testing import LoginFailed

# NOTE: both services of the mix ask for eid_low (the catalog seed's default); a login at the
# substantial level meets it, as it would the services that ask for more (2000).
ACR = "eid_substantial"


class Citizen(HttpUser):
    """`--host` is intake's URL: the portal's pages and the applications' API."""

    weight = 10
    wait_time = between(2, 8)

    def on_start(self) -> None:
        self.targets = Targets.from_options(self.environment.parsed_options, self.host or "")
        self.rng = random.Random()  # noqa: S311 - a user's choices, not a secret
        self.token: IdToken | None = None

    @task
    def apply_and_follow(self) -> None:
        application = choose(self.rng, self.targets.staff_share)
        self.find(application.service)
        token = self.id_token()
        if token is None:
            return
        accepted = self.submit(application, token)
        if accepted is None:
            return
        self.follow(application, accepted)
        self.read_mine(token, accepted.id)

    def find(self, service: int) -> None:
        words = self.rng.choice([query for query, found in SEARCHES if found == service])
        with self.client.get(f"/search?q={quote(words)}", name=names.SEARCH, catch_response=True) as results:
            if results.ok and f'href="/services/sofia/{service}"' not in results.text:
                results.failure(f"the portal's search does not offer Sofia's {service}")
        if self.targets.catalog_url:
            with self.client.get(
                f"{self.targets.catalog_url}/services?q={quote(words)}",
                name=names.CATALOG_SEARCH,
                catch_response=True,
            ) as found:
                if found.ok and (problem := answers.search_problem(json_of(found), service)):
                    found.failure(problem)
        with self.client.get(f"/services/sofia/{service}", name=names.SERVICE_PAGE, catch_response=True) as start:
            if start.ok and f'href="/services/sofia/{service}/apply"' not in start.text:
                start.failure("the service's page has no way to apply")

    def id_token(self) -> str | None:
        """The citizen's ID token, from a new login when the last one is (nearly) expired."""
        now = time.monotonic()
        if self.token is not None and self.token.fresh(now):
            return self.token.value
        started = time.perf_counter()
        try:
            self.token = citizen_id_token(self.targets, CITIZEN, ACR, now)
        except (LoginFailed, httpx.HTTPError) as exc:
            timings.record(self.environment, timings.EID, names.CITIZEN_LOGIN, started, str(exc))
            return None
        timings.record(self.environment, timings.EID, names.CITIZEN_LOGIN, started)
        return self.token.value

    def submit(self, application: Application, token: str) -> answers.Accepted | None:
        with self.client.post(
            "/applications",
            json=application.body,
            headers={"Authorization": f"Bearer {token}"},
            name=names.APPLICATIONS,
            catch_response=True,
        ) as response:
            if response.status_code != 202:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return None
            found = answers.accepted(json_of(response))
            if isinstance(found, str):
                response.failure(found)
                return None
            return found

    def follow(self, application: Application, accepted: answers.Accepted) -> None:
        """Poll the status until the application reaches what the citizen waits for, or
        `--follow-for` seconds pass; the time it took is counted as a lifecycle timing."""
        started = time.perf_counter()
        last = "unread"
        polls = 0
        while time.perf_counter() - started < self.targets.follow_for_s:
            polls += 1
            with self.client.get(
                f"/applications/{accepted.id}",
                headers={"Authorization": f"Bearer {accepted.access_token}"},
                name=names.APPLICATION,
                catch_response=True,
            ) as response:
                if not response.ok:
                    return
                body = json_of(response)
                if problem := answers.status_problem(body, accepted.id):
                    response.failure(problem)
                    return
            last = body["status"]
            if application.followed_until(last):
                timings.record(
                    self.environment, timings.LIFECYCLE, application.milestone, started, application.wrong_outcome(last)
                )
                return
            time.sleep(poll_delay(polls))  # NOTE: locust's gevent patches it: other users run meanwhile
        stuck = f"not there within {self.targets.follow_for_s:.0f} s (last {last})"
        timings.record(self.environment, timings.LIFECYCLE, application.milestone, started, stuck)

    def read_mine(self, token: str, application_id: str) -> None:
        with self.client.get(
            "/applications", headers={"Authorization": f"Bearer {token}"}, name=names.APPLICATIONS, catch_response=True
        ) as response:
            if response.ok and (problem := answers.mine_problem(json_of(response), application_id)):
                response.failure(problem)


def json_of(response: Any) -> Any:
    """The answer's JSON; None when it is not JSON (an ingress's error page), which the checks
    in `answers` then report as a failure."""
    try:
        return response.json()
    except ValueError:
        return None
