"""The verdict on a chaos run: what was lost, what was doubled, what is stuck.

Delivery is at least once, so after a crash the same record may be on a topic twice: a relay
that died after Kafka took a batch and before deleting it from its outbox sends it again. Such
copies have the same event id and the same body, and every consumer drops the second by its
event id. They are counted (`copies`) but are not a fault.

- **lost**: an application acknowledged with 202 and absent from the lifecycle log (or from
  intake's database); a lifecycle transition missing from an application's sequence (1, 2, ...
  up to its last); a notified transition without its notification; a registry request without
  its audit record or without an answer; a record dead-lettered during the run (the run sends
  only valid events, so each is an effect that did not happen); an outbox record set aside as
  never publishable during the run (an event that never left its service).
- **duplicated effect**: a second, different event or row where there must be one: an
  application stored that no acknowledgement names (every submission is sent again under its
  idempotency key until acknowledged, so it is a second application for one submission); two
  event ids for one transition (application, sequence); one event id with two different bodies (the event was
  made twice, e.g. once more with a later time: its cause was applied twice); a second
  notification for one transition; a registry request answered (recorded) twice, or two different
  answers to it.
- **stuck**: an application of the run (acknowledged, or stored without an acknowledgement) not
  in a final state in the lifecycle log, in routing's table or in intake's status
  view; a registry call recorded and never completed. Each application is counted once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from chaos.evidence import FINAL_STATES, Evidence, Published

EXAMPLES_PER_KIND = 3


@dataclass
class Findings:
    lost: Counter[str] = field(default_factory=Counter)
    duplicated: Counter[str] = field(default_factory=Counter)
    stuck: Counter[str] = field(default_factory=Counter)
    copies: int = 0
    """Redelivered copies of events seen on the topics (expected after crashes; not a fault)."""
    examples: dict[str, list[str]] = field(default_factory=dict)

    def note(self, counter: Counter[str], kind: str, example: str, count: int = 1) -> None:
        counter[kind] += count
        examples = self.examples.setdefault(kind, [])
        if len(examples) < EXAMPLES_PER_KIND:
            examples.append(example)


def verdict(evidence: Evidence) -> Findings:
    findings = Findings()
    _lifecycle(evidence, findings)
    for topic, records in evidence.work_events.items():
        _events_made_once(records, topic, findings)
    _notifications(evidence, findings)
    _registry(evidence, findings)
    _stuck(evidence, findings)
    for topic, count in evidence.dead_letters.items():
        if count:
            findings.note(findings.lost, "records dead-lettered", topic, count)
    for service, count in evidence.set_aside.items():
        if count:
            findings.note(findings.lost, "outbox records set aside", service, count)
    return findings


def _lifecycle(evidence: Evidence, findings: Findings) -> None:
    on_log = {event.application_id for event in evidence.lifecycle}
    for application in sorted(evidence.acknowledged - on_log):
        findings.note(findings.lost, "acknowledged, not on the lifecycle log", application)
    for application in sorted(evidence.acknowledged - evidence.stored):
        findings.note(findings.lost, "acknowledged, not in intake's database", application)
    for application in sorted(evidence.stored - evidence.acknowledged):
        findings.note(findings.duplicated, "applications stored that no acknowledgement names", application)
    transitions: defaultdict[tuple[str, int], set[str]] = defaultdict(set)
    for event in evidence.lifecycle:
        transitions[(event.application_id, event.sequence)].add(event.record.ce_id)
    for (application, sequence), ids in transitions.items():
        if len(ids) > 1:
            findings.note(findings.duplicated, "events for one transition", f"{application} #{sequence}", len(ids) - 1)
    sequences: defaultdict[str, set[int]] = defaultdict(set)
    for application, sequence in transitions:
        sequences[application].add(sequence)
    for application, seen in sequences.items():
        if missing := set(range(1, max(seen) + 1)) - seen:
            findings.note(findings.lost, "lifecycle transitions", f"{application} #{sorted(missing)}", len(missing))
    _events_made_once([event.record for event in evidence.lifecycle], "egov.applications", findings)


def _events_made_once(records: Iterable[Published], topic: str, findings: Findings) -> None:
    bodies: defaultdict[str, set[bytes]] = defaultdict(set)
    count = 0
    for record in records:
        bodies[record.ce_id].add(record.value)
        count += 1
    findings.copies += count - sum(len(values) for values in bodies.values())
    for ce_id, values in bodies.items():
        if len(values) > 1:
            findings.note(findings.duplicated, f"events made twice on {topic}", ce_id, len(values) - 1)


def _notifications(evidence: Evidence, findings: Findings) -> None:
    notified = {event.record.ce_id: event for event in evidence.lifecycle if event.state in evidence.notified_states}
    per_event = Counter(notification.id for notification in evidence.notifications)
    for ce_id, event in notified.items():
        if per_event[ce_id] == 0:
            findings.note(findings.lost, "notifications", f"{event.application_id} {event.state}")
    per_transition = Counter((n.application_id, n.state) for n in evidence.notifications)
    for (application, state), count in per_transition.items():
        if count > 1:
            findings.note(findings.duplicated, "notifications for one transition", f"{application} {state}", count - 1)


def _registry(evidence: Evidence, findings: Findings) -> None:
    answers: defaultdict[str, set[bytes]] = defaultdict(set)
    for answer in evidence.registry_answers:
        answers[answer.request_id].add(answer.record.value)
    findings.copies += len(evidence.registry_answers) - sum(len(values) for values in answers.values())
    for request in sorted(evidence.registry_requests):
        if request not in evidence.registry_calls:
            findings.note(findings.lost, "registry requests without an audit record", request)
        if not answers.get(request):
            findings.note(findings.lost, "registry requests without an answer", request)
        if len(answers.get(request, ())) > 1:
            findings.note(findings.duplicated, "answers to one registry request", request, len(answers[request]) - 1)
        if (calls := evidence.registry_calls_made.get(request, 0)) > 1:
            findings.note(findings.duplicated, "registry answers recorded for one request", request, calls - 1)


def _stuck(evidence: Evidence, findings: Findings) -> None:
    last_state: dict[str, tuple[int, str]] = {}
    for event in evidence.lifecycle:
        if event.sequence > last_state.get(event.application_id, (0, ""))[0]:
            last_state[event.application_id] = (event.sequence, event.state)
    for application in sorted(evidence.applications):
        reason = _why_stuck(application, last_state.get(application), evidence)
        if reason is not None:
            findings.note(findings.stuck, reason, application)
    for request, call in sorted(evidence.registry_calls.items()):
        if not call.completed:
            findings.note(findings.stuck, "registry calls never completed", request)


def _why_stuck(application: str, last: tuple[int, str] | None, evidence: Evidence) -> str | None:
    if last is None:
        # NOTE: an acknowledged application missing from the log is lost (counted above); a
        # stored one nobody acknowledged is doubled (counted above) and must still go through.
        return None if application in evidence.acknowledged else "stored, never on the lifecycle log"
    if last[1] not in FINAL_STATES:
        return f"last on the lifecycle log: {last[1]}"
    if evidence.routing_states.get(application) not in FINAL_STATES:
        return f"in routing's table: {evidence.routing_states.get(application)}"
    if evidence.intake_states.get(application) not in FINAL_STATES:
        return f"in intake's status view: {evidence.intake_states.get(application)}"
    return None
