"""Signed status callbacks to each request's AdministrativeServiceNotificationURL, with pay.egov's
retry schedule (`EPayments.Job.Host/Jobs/EserviceNotification/EserviceNotificationJob.cs`).

A delivery is accepted only on a 2xx answer whose JSON has `"success": true`. After a failure the
next attempt waits, while failures < 6: 1 minute; < 10: 15 minutes; < 15: 1 hour; < 21: 3 hours;
< 25: 6 hours; then the notification is Terminated. One schedule minute lasts `retry_minute_s`
seconds, so tests keep the schedule's shape and run fast. A request's callbacks go out one at a
time in the order of its changes: a later status never overtakes an earlier one being retried.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import httpx

from egov_pay_egov_sim.envelope import CALLBACK_FIELDS, seal
from egov_pay_egov_sim.ledger import utcnow

if TYPE_CHECKING:
    from egov_pay_egov_sim.ledger import PaymentRequest

log = logging.getLogger(__name__)

# (failures below, minutes to wait), in order; from 25 failures on, no further attempt.
SCHEDULE = ((6, 1), (10, 15), (15, 60), (21, 180), (25, 360))


def retry_after_minutes(failures: int) -> int | None:
    """Minutes before the next attempt after `failures` failed ones; None: give up."""
    return next((minutes for below, minutes in SCHEDULE if failures < below), None)


class NotificationState(StrEnum):
    PENDING = "Pending"
    SENT = "Sent"
    FAILURE = "Failure"
    TERMINATED = "Terminated"  # "Прекратено поради невъзможност за изпращане"


@dataclass(frozen=True)
class Attempt:
    at: dt.datetime
    outcome: str
    accepted: bool


@dataclass
class Notification:
    url: str
    client_id: str
    payload: dict[str, str]
    state: NotificationState = NotificationState.PENDING
    failures: int = 0
    next_attempt_at: dt.datetime | None = None
    attempts: list[Attempt] = field(default_factory=list)


class Notifier:
    def __init__(self, secrets: Mapping[str, str], retry_minute_s: float, http: httpx.AsyncClient):
        self._secrets = secrets
        self._retry_minute_s = retry_minute_s
        self._http = http
        self._history: dict[str, list[Notification]] = {}
        self._queues: dict[str, deque[Notification]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}

    def notify(self, request: PaymentRequest) -> None:
        """Queue a callback with the request's current status (called on every change)."""
        payload = {"Id": request.id, "Status": request.status.wire_name, "ChangeTime": request.changed_at.isoformat()}
        notification = Notification(request.data.administrative_service_notification_url, request.client_id, payload)
        self._history.setdefault(request.id, []).append(notification)
        self._queues.setdefault(request.id, deque()).append(notification)
        if request.id not in self._workers:
            self._workers[request.id] = asyncio.create_task(self._drain(request.id))

    def of(self, request_id: str) -> list[Notification]:
        return list(self._history.get(request_id, []))

    async def aclose(self) -> None:
        workers = list(self._workers.values())
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        await self._http.aclose()

    async def _drain(self, request_id: str) -> None:
        queue = self._queues[request_id]
        try:
            while queue:
                await self._deliver(request_id, queue[0])
                queue.popleft()
        finally:
            # NOTE: no await between the empty check and here, so `notify` cannot slip one in unseen.
            del self._workers[request_id]

    async def _deliver(self, request_id: str, notification: Notification) -> None:
        while True:
            accepted, outcome = await self._post(notification)
            notification.attempts.append(Attempt(utcnow(), outcome, accepted))
            status = notification.payload["Status"]
            if accepted:
                notification.state, notification.next_attempt_at = NotificationState.SENT, None
                log.info(
                    "callback_sent request_id=%s status=%s attempts=%d", request_id, status, len(notification.attempts)
                )
                return
            notification.failures += 1
            minutes = retry_after_minutes(notification.failures)
            if minutes is None:
                notification.state, notification.next_attempt_at = NotificationState.TERMINATED, None
                log.warning(
                    "callback_terminated request_id=%s status=%s failures=%d", request_id, status, notification.failures
                )
                return
            wait_s = minutes * self._retry_minute_s
            notification.state = NotificationState.FAILURE
            notification.next_attempt_at = utcnow() + dt.timedelta(seconds=wait_s)
            log.warning(
                "callback_failed request_id=%s status=%s outcome=%s retry_in_s=%s", request_id, status, outcome, wait_s
            )
            await asyncio.sleep(wait_s)

    async def _post(self, notification: Notification) -> tuple[bool, str]:
        form = seal(
            notification.client_id, self._secrets[notification.client_id], notification.payload, CALLBACK_FIELDS
        )
        try:
            response = await self._http.post(
                notification.url, data=form, headers={"Accept": "application/json, text/plain"}
            )
        except Exception as exc:  # noqa: BLE001 - as in pay.egov's job, any failure to deliver is one failure
            return False, f"{type(exc).__name__}: {exc}"
        if not response.is_success:
            return False, f"HTTP {response.status_code}"
        if not _says_success(response):
            return False, f'HTTP {response.status_code} without "success": true'
        return True, f"HTTP {response.status_code}"


def _says_success(response: httpx.Response) -> bool:
    """pay.egov's `IsNotificationAccepted`: a `success` property (any case) that parses as true."""
    try:
        body: Any = response.json()
    except ValueError:
        return False
    if not isinstance(body, dict):
        return False
    values = [value for key, value in body.items() if key.lower() == "success"]
    # NOTE: .NET's bool.Parse of the value's text: JSON true or the string "true" in any case.
    return len(values) == 1 and (
        values[0] is True or (isinstance(values[0], str) and values[0].strip().lower() == "true")
    )
