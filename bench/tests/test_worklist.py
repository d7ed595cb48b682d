import datetime as dt
import json
from collections import Counter

import pytest

from bench.worklist_options import DEFAULT_CASES, parse_args
from bench.worklist_report import Plan, Timing, WorklistResult, heaviest, json_line, table
from bench.worklist_rows import COLUMNS, ELENA, GEORGI, OPEN_STATES, case_rows
from bench.worklist_scenarios import PAGE_SIZE, Scenario, Totals, WrongAnswer, check, scenarios
from egov_schemas.work import WorkItem

TODAY = dt.date(2026, 11, 27)
NOW = dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)
N = 6000


@pytest.fixture(scope="module")
def rows():
    return [dict(zip(COLUMNS, row, strict=True)) for row in case_rows(N, TODAY, NOW, seed=7)]


def test_options_default_to_a_fresh_platform_and_100k_cases(monkeypatch):
    monkeypatch.delenv("BENCH_DATABASE_URL_WORKSPACE", raising=False)
    options = parse_args([])
    assert (options.cases, options.requests, options.warmup, options.start_local) == (DEFAULT_CASES, 30, 3, True)
    running = parse_args(["--running", "--database-url", "postgresql://h/ws", "--workspace-url", "http://w:1/"])
    assert (running.start_local, running.database_url, running.workspace_url) == (
        False,
        "postgresql://h/ws",
        "http://w:1",
    )
    assert parse_args(["--cases", "10", "--requests", "5", "--seed", "3"]).cases == 10


def test_running_without_a_database_is_refused(monkeypatch):
    monkeypatch.delenv("BENCH_DATABASE_URL_WORKSPACE", raising=False)
    with pytest.raises(SystemExit):
        parse_args(["--running"])
    with pytest.raises(SystemExit):
        parse_args(["--requests", "0"])


def test_each_administration_gets_n_unique_cases(rows):
    assert Counter(row["administration_id"] for row in rows) == {"sofia": N, "burgas": N}
    assert len({row["application_id"] for row in rows}) == 2 * N
    assert len({row["reference"] for row in rows}) == 2 * N


def test_the_same_seed_gives_the_same_cases():
    first = list(case_rows(50, TODAY, NOW, seed=1))
    assert first == list(case_rows(50, TODAY, NOW, seed=1))
    assert first != list(case_rows(50, TODAY, NOW, seed=2))


def test_states_look_like_a_year_of_work(rows):
    sofia = [row for row in rows if row["administration_id"] == "sofia"]
    states = Counter(row["state"] for row in sofia)
    closed = states["completed"] + states["refused"] + states["withdrawn"]
    assert 0.82 < closed / N < 0.88
    assert all(states[state] > 0 for state in OPEN_STATES)
    open_ones = [row for row in sofia if row["state"] in OPEN_STATES]
    elenas = sum(row["assignee"] == ELENA for row in open_ones) / len(open_ones)
    georgis = sum(row["assignee"] == GEORGI for row in open_ones) / len(open_ones)
    nobodys = sum(row["assignee"] is None for row in open_ones) / len(open_ones)
    assert 0.28 < elenas < 0.39
    assert 0.12 < georgis < 0.22
    assert 0.44 < nobodys < 0.56
    assert {row["service"] for row in sofia} == {2020, 1998, 2017, 2036}


def test_due_dates_spread_60_days_either_side_in_arrival_order(rows):
    days = [(row["due_date"] - TODAY).days for row in rows]
    assert (min(days), max(days)) == (-60, 60)
    assert max(days[: N // 10]) < min(days[-N // 10 :])
    assert all(row["submitted_at"] < NOW and row["submitted_at"] < row["received_at"] for row in rows)


def test_every_item_is_a_valid_work_item_of_its_row(rows):
    for row in rows[:: N // 50]:
        item = WorkItem.model_validate(json.loads(row["item"]))
        assert (item.application_id, item.reference, item.administration_id) == (
            row["application_id"],
            row["reference"],
            row["administration_id"],
        )
        assert (item.service, item.due_date, item.processing, item.version) == (
            row["service"],
            row["due_date"],
            "staff",
            row["version"],
        )
        assert bool(item.information) == (row["state"] in ("awaiting_information", "information_provided"))
        assert (row["registration_number"] is not None) == (row["state"] not in ("new", "refused", "withdrawn"))


TOTALS = Totals(open=15_000, completed=75_010, all=100_000, service=6000, mine=5000, unassigned_overdue=3750)


def test_scenarios_ask_for_a_deep_page_and_the_last_page():
    by_name = {scenario.name: scenario for scenario in scenarios(TOTALS, 2020, ("abc", "7K3M-9QXP-4"))}
    assert by_name["open_deep_page"].params == {"page": "200"}
    assert by_name["completed_last_page"].params == {"state": "completed", "page": "3001"}
    assert by_name["completed_last_page"].rows == 10
    assert by_name["unassigned_overdue"].params == {"assignee": "unassigned", "due": "overdue"}
    assert (by_name["case"].path, by_name["case"].text, by_name["case"].total) == ("/cases/abc", "7K3M-9QXP-4", None)
    small = {s.name: s for s in scenarios(Totals(30, 1, 40, 2, 3, 0), 2020, ("abc", "R"))}
    assert small["open_deep_page"].page == 2
    assert small["unassigned_overdue"].rows == 0


def _worklist(page: int, pages: int, total: int, rows: int) -> str:
    listed = '<td><a href="/cases/x">R</a></td>' * rows
    return f"<table>{listed}</table><span>Страница {page} от {pages} ({total} заявления)</span>"


def test_a_page_passes_only_with_the_right_page_count_and_rows():
    scenario = Scenario("completed_last_page", "/", {"state": "completed", "page": "3001"}, 75_010)
    assert check(scenario, 200, _worklist(3001, 3001, 75_010, 10)) == 75_010
    for status, body in (
        (500, _worklist(3001, 3001, 75_010, 10)),
        (200, "<form>login</form>"),
        (200, _worklist(1, 3001, 75_010, 25)),
        (200, _worklist(3001, 3001, 75_011, 10)),
        (200, _worklist(3001, 3001, 75_010, 9)),
        (200, '<p class="field__error" role="alert">x</p>' + _worklist(3001, 3001, 75_010, 10)),
    ):
        with pytest.raises(WrongAnswer):
            check(scenario, status, body)
    empty = Scenario("unassigned_overdue", "/", {"due": "overdue"}, 0)
    assert check(empty, 200, "<p>Няма заявления по тези филтри.</p>") == 0
    case = Scenario("case", "/cases/abc", text="7K3M-9QXP-4")
    assert check(case, 200, "<h1>Заявление 7K3M-9QXP-4</h1>") is None
    with pytest.raises(WrongAnswer):
        check(case, 200, "<h1>Вход</h1>")
    assert PAGE_SIZE == 25


def test_percentiles_are_nearest_rank_and_the_heaviest_are_worklists():
    timing = Timing("all", [float(ms) for ms in range(1, 31)], "state=all", 100_000)
    assert (timing.p50_ms, timing.p95_ms, timing.max_ms) == (15.0, 29.0, 30.0)
    pages = [
        timing,
        Timing("open", [5.0] * 30, "", 15_000),
        Timing("case", [500.0] * 30, "/cases/x"),
        Timing("completed", [40.0] * 30, "state=completed", 75_000),
    ]
    assert heaviest(pages) == ["completed", "all"]


def test_the_report_is_a_table_and_a_json_line_last():
    plan = Plan(
        "all",
        "counts",
        ["HashAggregate  (cost=1..2) (actual time=0.1..80.5 rows=7 loops=1)", "Execution Time: 80.512 ms"],
    )
    result = WorklistResult(
        cases=100_000,
        rows_in_table=200_000,
        all_visible=1.0,
        requests=30,
        pages=[Timing("all", [120.0] * 30, "state=all", 100_000), Timing("case", [9.0] * 30, "/cases/x")],
        repository={"all": (Timing("all", [90.0] * 30), Timing("all", [80.0] * 30))},
        plans=[plan],
    )
    text = table(result)
    assert "slow" in text
    assert "100,000" in text
    assert "80.5 ms  HashAggregate" in text
    parsed = json.loads(json_line(result))
    assert parsed["pages"]["all"] == {
        "query": "state=all",
        "p50_ms": 120.0,
        "p95_ms": 120.0,
        "max_ms": 120.0,
        "total": 100_000,
        "slow": True,
    }
    assert parsed["pages"]["case"]["slow"] is False
    assert parsed["repository"]["all"]["counts"]["p95_ms"] == 80.0
    assert parsed["plans"] == [{"scenario": "all", "statement": "counts", "top": plan.top, "execution_ms": 80.512}]
