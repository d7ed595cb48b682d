"""The worklist benchmark's figures: per scenario p50, p95 and max in ms, as a table and as one
JSON line (always the last line printed)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from bench.metrics import percentile

SLOW_P95_MS = 100.0
"""A page whose p95 is above this is marked slow."""
_EXECUTION = re.compile(r"Execution Time: ([0-9.]+) ms")


@dataclass(frozen=True)
class Timing:
    """The times of one scenario's timed requests (or calls), in milliseconds."""

    name: str
    samples_ms: list[float]
    detail: str = ""
    total: int | None = None

    @property
    def p50_ms(self) -> float | None:
        return percentile(self.samples_ms, 0.5)

    @property
    def p95_ms(self) -> float | None:
        return percentile(self.samples_ms, 0.95)

    @property
    def max_ms(self) -> float | None:
        return max(self.samples_ms) if self.samples_ms else None

    def figures(self) -> dict[str, Any]:
        return {"p50_ms": _ms(self.p50_ms), "p95_ms": _ms(self.p95_ms), "max_ms": _ms(self.max_ms)}


@dataclass(frozen=True)
class Plan:
    """EXPLAIN (ANALYZE, BUFFERS) of one statement a scenario runs."""

    scenario: str
    statement: str
    lines: list[str]

    @property
    def top(self) -> str:
        return self.lines[0].strip() if self.lines else ""

    @property
    def execution_ms(self) -> float | None:
        found = next((_EXECUTION.search(line) for line in self.lines if _EXECUTION.search(line)), None)
        return float(found[1]) if found else None


@dataclass(frozen=True)
class WorklistResult:
    cases: int
    rows_in_table: int
    all_visible: float
    """Share of the table's pages the visibility map marks all-visible."""
    requests: int
    pages: list[Timing]
    repository: dict[str, tuple[Timing, Timing]] = field(default_factory=dict)
    """Per worklist scenario: CaseRepository.worklist() (page and total) and .counts()."""
    plans: list[Plan] = field(default_factory=list)


def _ms(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def heaviest(pages: list[Timing], count: int = 2) -> list[str]:
    """The scenarios of the `count` highest p95 (case pages left out: their SQL is by key)."""
    worklists = [timing for timing in pages if timing.total is not None]
    ranked = sorted(worklists, key=lambda timing: timing.p95_ms or 0.0, reverse=True)
    return [timing.name for timing in ranked[:count]]


def as_json(result: WorklistResult) -> dict[str, Any]:
    return {
        "cases_per_administration": result.cases,
        "rows_in_cases": result.rows_in_table,
        "all_visible_pages": round(result.all_visible, 3),
        "requests_per_scenario": result.requests,
        "pages": {
            t.name: {"query": t.detail, **t.figures(), "total": t.total, "slow": (t.p95_ms or 0) > SLOW_P95_MS}
            for t in result.pages
        },
        "repository": {
            name: {"worklist": page.figures(), "counts": counts.figures()}
            for name, (page, counts) in result.repository.items()
        },
        "plans": [
            {"scenario": p.scenario, "statement": p.statement, "top": p.top, "execution_ms": p.execution_ms}
            for p in result.plans
        ],
    }


def json_line(result: WorklistResult) -> str:
    return json.dumps(as_json(result), ensure_ascii=False, separators=(", ", ": "))


def _cell(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def table(result: WorklistResult) -> str:
    lines = [
        f"cases per administration {result.cases:,}; rows in cases {result.rows_in_table:,} "
        f"({result.all_visible:.0%} of pages all-visible); {result.requests} sequential requests per scenario",
        "",
        "pages (HTTP, ms)",
        f"  {'scenario':<22} {'query':<34} {'p50':>8} {'p95':>8} {'max':>8} {'total':>9}",
    ]
    for t in result.pages:
        slow = "  slow" if (t.p95_ms or 0) > SLOW_P95_MS else ""
        lines.append(
            f"  {t.name:<22} {t.detail:<34} {_cell(t.p50_ms):>8} {_cell(t.p95_ms):>8} "
            f"{_cell(t.max_ms):>8} {_cell(t.total):>9}{slow}"
        )
    if result.repository:
        lines += ["", "CaseRepository, no page rendering (ms)"]
        lines.append(f"  {'scenario':<22} {'worklist p50':>12} {'p95':>8} {'counts p50':>11} {'p95':>8}")
        for name, (page, counts) in result.repository.items():
            lines.append(
                f"  {name:<22} {_cell(page.p50_ms):>12} {_cell(page.p95_ms):>8} "
                f"{_cell(counts.p50_ms):>11} {_cell(counts.p95_ms):>8}"
            )
    if result.plans:
        lines += ["", "EXPLAIN (ANALYZE, BUFFERS) of the heaviest scenarios"]
        for plan in result.plans:
            lines.append(f"  {plan.scenario} / {plan.statement}: {_cell(plan.execution_ms)} ms  {plan.top}")
    return "\n".join(lines)


def plans_text(plans: list[Plan]) -> str:
    """The whole plans, for reading beside the table."""
    return "\n".join(f"-- {plan.scenario} / {plan.statement}\n" + "\n".join(plan.lines) + "\n" for plan in plans)
