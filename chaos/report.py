"""What a chaos run prints: the findings with examples, then its result as one JSON line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chaos.run import ChaosOutcome


def findings_text(outcome: ChaosOutcome) -> str:
    findings = outcome.findings
    lines = []
    for title, counter in (("lost", findings.lost), ("duplicated", findings.duplicated), ("stuck", findings.stuck)):
        lines.append(f"{title}: {counter.total()}")
        for kind, count in sorted(counter.items()):
            lines.append(f"  {count:>6}  {kind}: e.g. {', '.join(findings.examples.get(kind, []))}")
    lines.append(f"redelivered copies of events (expected after crashes): {findings.copies}")
    return "\n".join(lines)


def json_line(outcome: ChaosOutcome) -> str:
    return json.dumps(outcome.summary, ensure_ascii=False)
