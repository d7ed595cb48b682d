"""The locust scenario's plain parts (bench/locust): request names, the checks of the answers, what
citizens apply for, the options, without locust (importing it would patch pytest's process for
gevent) and without a platform; tests/e2e/test_load_scenario.py runs the scenario itself."""

import argparse
import random

import pytest

from bench.locust import answers, names
from bench.locust.applications import APPLICATIONS, CERTIFIED_COPY, HEIRS, SEARCHES, choose, poll_delay
from bench.locust.eid import RENEW_BEFORE_S, IdToken
from bench.locust.options import DEFAULT_STAFF, Targets

APPLICATION_ID = "0b7c6f1e-1f2a-4c3d-9e8f-123456789abc"


def test_requests_are_named_by_kind_not_by_id():
    assert names.worklist({}) == "/"
    assert names.worklist({"service": "2020", "assignee": "unassigned"}) == "/?service=2020&assignee=unassigned"
    assert names.workspace(names.worklist({"state": "all"})) == "workspace: /?state=all"
    assert names.case_action("claim") == "workspace: /cases/[id]/claim"
    assert "[id]" in names.APPLICATION
    assert "[id]" in names.CASE


def test_a_submission_answer_is_kept_only_when_complete():
    body = {"id": APPLICATION_ID, "reference": "AB12-CD34", "status": "submitted", "access_token": "t"}
    assert answers.accepted(body) == answers.Accepted(APPLICATION_ID, "AB12-CD34", "t")
    assert answers.accepted({**body, "access_token": ""}) == "the answer lacks access_token"
    assert answers.accepted({**body, "status": "routed"}) == "a new application is 'routed', not submitted"
    assert answers.accepted(None) == "the answer is not a JSON object"


def test_a_status_without_a_known_status_or_of_another_application_is_wrong():
    assert answers.status_problem({"id": APPLICATION_ID, "status": "completed"}, APPLICATION_ID) is None
    assert answers.status_problem({"id": APPLICATION_ID}, APPLICATION_ID) == "no known status in the answer: None"
    assert answers.status_problem({"id": APPLICATION_ID, "status": "done"}, APPLICATION_ID) is not None
    assert answers.status_problem({"id": "other", "status": "completed"}, APPLICATION_ID) is not None
    assert answers.status_problem([], APPLICATION_ID) == "the answer is not a JSON object"


def test_my_applications_must_list_the_new_one_unless_the_list_is_full():
    assert answers.mine_problem([{"id": APPLICATION_ID}], APPLICATION_ID) is None
    assert answers.mine_problem([{"id": "older"}], APPLICATION_ID) == "the application just submitted is not listed"
    full = [{"id": str(n)} for n in range(3)]
    assert answers.mine_problem(full, APPLICATION_ID, limit=3) is None
    assert answers.mine_problem({"items": []}, APPLICATION_ID) == "the answer is not a JSON list"


def test_the_catalog_search_must_find_the_service():
    assert answers.search_problem({"items": [{"iisda_number": 2016}]}, 2016) is None
    assert answers.search_problem({"items": [{"iisda_number": 2020}]}, 2016) == "service 2016 is not found"
    assert answers.search_problem({"detail": "x"}, 2016) == "the answer has no list of items"


WORKLIST = """
<form method="get" action="/" class="filters" aria-labelledby="filters-title"></form>
<tr><td class="nowrap"><a href="/cases/app-1">SOFIA-REF-1</a></td></tr>
<tr><td class="nowrap"><a href="/cases/app-2">SOFIA-REF-2</a></td></tr>
"""


def test_the_worklist_gives_its_cases_and_the_login_page_is_not_a_worklist():
    assert answers.worklist_cases(WORKLIST) == [("app-1", "SOFIA-REF-1"), ("app-2", "SOFIA-REF-2")]
    assert answers.worklist_cases('<form method="get" action="/" aria-labelledby="filters-title">') == []
    assert answers.worklist_cases("<h1>Вход</h1>") == "not the worklist (the login page?)"


CASE_PAGE = """
<h1>Преписка SOFIA-REF-1</h1>
<form method="post" action="/cases/app-1/accept"><input type="hidden" name="csrf_token" value="c5rf">
<input type="hidden" name="revision" value="3"></form>
<form method="post" action="/cases/app-1/refuse"></form>
<form method="post" action="/cases/app-1/notes"></form>
<form method="post" action="/auth/logout"></form>
"""


def test_a_case_page_shows_its_case_and_offers_its_forms():
    assert answers.case_page_problem(CASE_PAGE, "SOFIA-REF-1") is None
    assert answers.case_page_problem(CASE_PAGE, "SOFIA-REF-2") == "the page does not show the case"
    offered = frozenset({"accept", "refuse", "notes"})
    assert answers.case_form(CASE_PAGE, "app-1") == answers.CaseForm("c5rf", "3", offered)
    assert answers.offered_actions(CASE_PAGE, "app-2") == frozenset()
    assert answers.case_form("<h1>Преписка SOFIA-REF-1</h1>", "app-1") == "the case page has no CSRF token or revision"


def test_an_automatic_application_is_followed_to_its_end_and_must_complete():
    assert not HEIRS.followed_until("submitted")
    assert not HEIRS.followed_until("routed")
    assert HEIRS.followed_until("completed")
    assert HEIRS.wrong_outcome("completed") is None
    assert HEIRS.wrong_outcome("refused") == "service 2016 ended refused, not completed"


def test_a_staff_application_is_followed_until_it_reaches_the_administration():
    assert not CERTIFIED_COPY.followed_until("submitted")
    assert CERTIFIED_COPY.followed_until("routed")
    assert CERTIFIED_COPY.followed_until("completed")  # NOTE: a quick clerk
    assert CERTIFIED_COPY.wrong_outcome("routed") is None
    assert CERTIFIED_COPY.wrong_outcome("rejected") == "service 2020 was rejected"


def test_citizens_apply_in_the_demo_citizens_name_and_find_what_they_apply_for():
    assert HEIRS.body["applicant"]["identifier"] == CERTIFIED_COPY.body["applicant"]["identifier"] == "7501010010"
    assert CERTIFIED_COPY.body["form"]["person_egn"] == "7501010010"
    assert {application.service for application in APPLICATIONS} == {found for _, found in SEARCHES}


def test_the_staff_share_decides_the_mix():
    rng = random.Random(7)  # noqa: S311 - a test's draws
    assert all(choose(rng, 0.0) is HEIRS for _ in range(50))
    assert all(choose(rng, 1.0) is CERTIFIED_COPY for _ in range(50))
    chosen = [choose(rng, 0.2).service for _ in range(1000)]
    assert 0.15 < chosen.count(CERTIFIED_COPY.service) / len(chosen) < 0.25


def test_status_polls_are_quick_at_first_then_once_a_second():
    assert [poll_delay(n) for n in range(1, 7)] == [0.25, 0.25, 0.5, 1.0, 1.0, 1.0]


def test_an_id_token_is_renewed_before_it_expires():
    token = IdToken("t", expires_at=1000.0)
    assert token.fresh(1000.0 - RENEW_BEFORE_S - 1)
    assert not token.fresh(1000.0 - RENEW_BEFORE_S)


def options(**given: object) -> argparse.Namespace:
    defaults: dict[str, object] = {
        "workspace_url": "https://workspace.example/",
        "eid_url": "https://eid.example",
        "catalog_url": "",
        "eid_client_secret": "s",
        "staff_people": " elena-ivanova , ",
        "staff_share": 1.5,
        "follow_for": 30.0,
    }
    return argparse.Namespace(**{**defaults, **given})


def test_targets_come_from_the_options_and_the_host():
    targets = Targets.from_options(options(), "https://portal.example/")
    assert targets.intake_url == "https://portal.example"
    assert targets.portal_callback == "https://portal.example/auth/callback"
    assert targets.workspace_url == "https://workspace.example"
    assert targets.catalog_url is None  # NOTE: empty leaves the catalog's search out
    assert targets.staff_people == ("elena-ivanova",)
    assert targets.staff_share == 1.0
    assert Targets.from_options(options(staff_people=","), "http://x").staff_people == DEFAULT_STAFF


@pytest.mark.parametrize("filters", [{}, {"state": "all"}, {"assignee": "unassigned", "due": "overdue"}])
def test_worklist_names_are_the_paths_the_form_sends(filters):
    path = names.worklist(filters)
    assert path.startswith("/")
    for key, value in filters.items():
        assert f"{key}={value}" in path
