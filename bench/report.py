"""The human table of a run, and its one-line JSON (always the last line printed)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.harness import BenchResult

SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "run",
        (
            ("applications", "applications requested"),
            ("concurrency", "wrk connections"),
            ("rate", "offered rate (/s; empty: unlimited)"),
            ("preloaded", "applications preloaded"),
            ("rows_in_store_at_start", "rows in intake's applications at start"),
        ),
    ),
    (
        "platform",
        (
            ("intake_rps", "intake answers/s"),
            ("intake_accepted", "intake 202 answers"),
            ("intake_failed", "intake failures (status or socket)"),
            ("intake_p50_s", "intake answer p50 (s)"),
            ("intake_p99_s", "intake answer p99 (s)"),
            ("completed", "applications completed"),
            ("ended_otherwise", "ended otherwise (rejected, refused)"),
            ("unfinished", "not ended when the wait gave up"),
            ("e2e_per_s", "end-to-end completions/s"),
            ("first_decile_per_s", "first 10% of completions, /s"),
            ("last_decile_per_s", "last 10% of completions, /s"),
            ("e2e_p50_s", "submitted -> completed p50 (s)"),
            ("e2e_p99_s", "submitted -> completed p99 (s)"),
        ),
    ),
    (
        "baselines",
        (
            ("bare_http_rps", "bare FastAPI answers/s"),
            ("bare_http_failed", "bare FastAPI failures"),
            ("bare_http_p99_s", "bare FastAPI answer p99 (s)"),
            ("relay_messages", "bare relay messages"),
            ("bare_relay_per_s", "bare relay, 4 hops, batches of 200, /s"),
            ("bare_relay_awaited_per_s", "bare relay, 4 hops, one record at a time, /s"),
        ),
    ),
)


def format_value(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"


def table(result: BenchResult) -> str:
    width = max(len(label) for _, rows in SECTIONS for _, label in rows)
    lines = []
    for title, rows in SECTIONS:
        lines.append(f"\n{title}")
        lines.extend(f"  {label:<{width}}  {format_value(result.get(key)):>14}" for key, label in rows)
    return "\n".join(lines).lstrip("\n")


def json_line(result: BenchResult) -> str:
    return json.dumps(result, separators=(", ", ": "))
