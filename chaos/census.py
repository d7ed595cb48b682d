"""The census after a chaos run: gather the evidence from the topics, the stores and the
gateway's log, for the applications and registry requests of this run only (a shared stack may
hold others')."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import asyncpg

from bench.postgres import asyncpg_dsn
from chaos.evidence import Evidence, LifecycleEvent, Notification, Published, RegistryAnswer, RegistryCall
from chaos.registry_requests import ADMINISTRATION
from chaos.topic_reading import Offsets, records_since, topic_names
from egov_notifications.service_layer.notify import NOTIFIED_STATES
from egov_schemas import topics

if TYPE_CHECKING:
    from pathlib import Path

    from aiokafka.structs import ConsumerRecord

WORK_TOPICS = (
    topics.admin_inbox(ADMINISTRATION),
    topics.admin_replies(ADMINISTRATION),
    topics.NOTIFICATION_OUTCOMES,
)
REGISTRY_CALL_LOGGED = "registry_answered"
DLQ_PREFIX = topics.dlq("")


@dataclass(frozen=True)
class RunRecord:
    """What the run itself knows: when it began, what it was told and what it asked."""

    started_at: dt.datetime
    start_offsets: Offsets
    acknowledged: frozenset[str]
    registry_requests: frozenset[str]


async def gather(
    run: RunRecord, kafka: str, database_urls: Mapping[str, str], gateway_logs: Iterable[Path]
) -> Evidence:
    intake_states = await _states(
        database_urls["intake"],
        "SELECT id, status FROM applications WHERE submitted_at >= $1 OR id = ANY($2::text[])",
        run.started_at,
        list(run.acknowledged),
    )
    applications = run.acknowledged | intake_states.keys()
    ids = list(applications)
    lifecycle = [
        _lifecycle_event(record)
        for record in await records_since(kafka, topics.APPLICATIONS, run.start_offsets.get(topics.APPLICATIONS))
        if _key(record) in applications
    ]
    work_events = {
        topic: tuple(
            _published(record)
            for record in await records_since(kafka, topic, run.start_offsets.get(topic))
            if _key(record) in applications
        )
        for topic in WORK_TOPICS
    }
    replies_topic = topics.registry_replies(ADMINISTRATION)
    answers = [
        RegistryAnswer(str(json.loads(record.value)["request_id"]), _published(record))
        for record in await records_since(kafka, replies_topic, run.start_offsets.get(replies_topic))
    ]
    return Evidence(
        acknowledged=run.acknowledged,
        stored=frozenset(intake_states),
        lifecycle=tuple(lifecycle),
        work_events=work_events,
        routing_states=await _states(
            database_urls["routing"], "SELECT id, state FROM applications WHERE id = ANY($1::text[])", ids
        ),
        intake_states=intake_states,
        notifications=tuple(
            Notification(row["id"], row["application_id"], row["state"])
            for row in await _fetch(
                database_urls["notifications"],
                "SELECT id, application_id, state FROM notifications WHERE application_id = ANY($1::text[])",
                ids,
            )
        ),
        notified_states=frozenset(state.value for state in NOTIFIED_STATES),
        registry_requests=run.registry_requests,
        registry_calls={
            row["id"]: RegistryCall(row["id"], row["status"], row["completed"], row["attempt"])
            for row in await _fetch(
                database_urls["registry-gateway"],
                "SELECT id, status, completed_at IS NOT NULL AS completed, attempt FROM registry_calls "
                "WHERE administration_id = $1 AND id = ANY($2::text[])",
                ADMINISTRATION,
                list(run.registry_requests),
            )
        },
        registry_answers=tuple(answer for answer in answers if answer.request_id in run.registry_requests),
        registry_calls_made=registry_calls_logged(gateway_logs, run.registry_requests),
        dead_letters={
            topic: len(await records_since(kafka, topic, run.start_offsets.get(topic)))
            for topic in await topic_names(kafka)
            if topic.startswith(DLQ_PREFIX)
        },
        set_aside={
            service: len(await _fetch(url, "SELECT id FROM outbox_set_aside WHERE set_aside_at >= $1", run.started_at))
            for service, url in database_urls.items()
        },
    )


def registry_calls_logged(log_files: Iterable[Path], requests: frozenset[str]) -> Counter[str]:
    """Per request, the answers the gateway logged having given (one line after each is recorded)."""
    calls: Counter[str] = Counter()
    for log_file in log_files:
        if not log_file.exists():
            continue
        for line in log_file.read_text(encoding="utf-8", errors="replace").splitlines():
            if REGISTRY_CALL_LOGGED not in line:
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # NOTE: a line cut short by the kill
            if entry.get("event") == REGISTRY_CALL_LOGGED and entry.get("request_id") in requests:
                calls[entry["request_id"]] += 1
    return calls


def _key(record: ConsumerRecord[bytes, bytes]) -> str:
    return (record.key or b"").decode(errors="replace")


def _published(record: ConsumerRecord[bytes, bytes]) -> Published:
    headers = dict(record.headers or ())
    return Published((headers.get("ce_id") or b"").decode(errors="replace"), record.value or b"")


def _lifecycle_event(record: ConsumerRecord[bytes, bytes]) -> LifecycleEvent:
    body = json.loads(record.value or b"{}")
    return LifecycleEvent(str(body["application_id"]), int(body["sequence"]), str(body["state"]), _published(record))


async def _states(url: str, query: str, *args: Any) -> dict[str, str]:
    return {row[0]: row[1] for row in await _fetch(url, query, *args)}


async def _fetch(url: str, query: str, *args: Any) -> list[Any]:
    connection = await asyncpg.connect(asyncpg_dsn(url), timeout=10)
    try:
        return list(await connection.fetch(query, *args))
    finally:
        await connection.close()
