"""Notifications' delivery state machine on a real PostgreSQL, with the providers played by small
scripted fakes and time moved by the test clock: a channel's tries run out and the next channel
takes the notice; a permanent failure with no channel left is dead-lettered with an alert, and
sent anew by a re-drive; a try that outlived its lease records nothing; an e-Delivery notice left
unopened goes by e-mail; a fault of ours is a failed try; contacts are forgotten at the end."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import pytest

from egov_notifications.adapters.deliveries import Deliveries, LeaseLost
from egov_notifications.adapters.notices import Notice, Notices
from egov_notifications.adapters.overrides import TemplateOverrides
from egov_notifications.adapters.subscriptions import Subscriptions
from egov_notifications.adapters.templates import TemplateBook
from egov_notifications.bootstrap import MIGRATIONS
from egov_notifications.domain.outcome import Accepted, Failed, Outcome
from egov_notifications.domain.schedule import RetrySchedule
from egov_notifications.service_layer.choose import Chooser
from egov_notifications.service_layer.courier import Channels, Composer, Courier
from egov_schemas.catalog import AdministrationUpserted
from egov_schemas.notifications import ApplicantContacts, NotificationPreferences
from egov_schemas.reference import new_reference
from egov_sdk.clock import Clock
from egov_sdk.migrate import upgrade_async
from egov_sdk.outbox import Outbox

if TYPE_CHECKING:
    from pathlib import Path

    from egov_sdk.store import Store

START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(minutes=2)
SOFIA = AdministrationUpserted(
    id="sofia",
    name_bg="Столична община",
    name_en="Sofia Municipality",
    kind="municipality",
    channels=["email", "sms", "e_delivery"],
    revision=1,
)


class Catalog:
    def administration(self, administration_id: str) -> AdministrationUpserted | None:
        return SOFIA if administration_id == "sofia" else None

    def service_version(self, iisda_number: int, version: int) -> None:
        return None

    async def is_ready(self) -> bool:
        return True


class Intake:
    """The same person applied for every application, with these preferences."""

    def __init__(self, **preferences: Any):
        self.preferences = preferences

    async def of(self, application_ids: list[str]) -> dict[str, ApplicantContacts]:
        return {application_id: contacts_of(application_id, **self.preferences) for application_id in application_ids}


class Provider:
    """A channel whose answers the test scripts, one per try (the last one repeated)."""

    def __init__(self, *answers: Outcome | Exception):
        self.answers = list(answers)
        self.sent: list[str] = []

    def _next(self) -> Outcome:
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def send(self, *args: Any) -> Outcome:
        self.sent.append(str(args[0]))
        return self._next()


class EDelivery(Provider):
    def __init__(self, *answers: Outcome | Exception, profile: int | None = 7):
        super().__init__(*answers)
        self.profile = profile
        self.opened: dt.datetime | None = None

    async def profile_of(self, identifier: str) -> int | None:
        return self.profile

    async def opened_at(self, message_id: str) -> dt.datetime | None:
        return self.opened


class Platform:
    """Chooser and courier of one notice, on the test's database, clock and fake providers."""

    def __init__(self, store: Store, clock_file: Path, intake: Intake, **providers: Provider):
        self.store, self.clock_file = store, clock_file
        self.notices, self.deliveries = Notices(store), Deliveries(store)
        self.email = providers.get("email", Provider(Accepted()))
        self.sms = providers.get("sms", Provider(Accepted()))
        e_delivery = providers.get("e_delivery")
        self.e_delivery = e_delivery if isinstance(e_delivery, EDelivery) else EDelivery(Accepted(awaits_proof=True))
        clock, schedule, subscriptions = Clock(clock_file), RetrySchedule([1, 5]), Subscriptions(store)
        self.chooser = Chooser(
            store,
            self.notices,
            self.deliveries,
            subscriptions,
            contacts=intake,
            e_delivery=self.e_delivery,
            catalog=Catalog(),
            schedule=schedule,
            clock=clock,
            batch=10,
            lease=LEASE,
        )
        self.courier = Courier(
            store,
            self.notices,
            self.deliveries,
            subscriptions,
            TemplateOverrides(store),
            outbox=Outbox(store),
            channels=Channels(
                email=self.email, sms=self.sms, e_delivery=self.e_delivery, webhooks=Provider(Accepted())
            ),
            composer=Composer(TemplateBook(), Catalog(), "https://egov.example"),
            schedule=schedule,
            clock=clock,
            source="/it",
            batch=10,
            lease=LEASE,
            poll_every=dt.timedelta(minutes=5),
            proof_wait=dt.timedelta(days=7),
            disable_webhook_after=3,
        )

    def at(self, moment: dt.datetime) -> None:
        self.clock_file.write_text(moment.isoformat(), encoding="utf-8")

    async def rounds(self) -> None:
        await self.chooser.round()
        await self.courier.round()

    async def deliveries_of(self, notice_id: str) -> dict[str, dict[str, Any]]:
        return {d.channel: d.__dict__ for d in await self.deliveries.of_notices([notice_id])}

    async def contacts_of(self, notice_id: str) -> Any:
        return (await self.notices.by_ids([notice_id]))[notice_id].contacts

    async def events(self) -> dict[str, list[dict[str, Any]]]:
        rows = await self.store.fetch("SELECT headers, value FROM outbox ORDER BY id")
        found: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            headers = row["headers"] if isinstance(row["headers"], dict) else json.loads(row["headers"])
            found[headers["ce_type"]].append(json.loads(row["value"]))
        return found


def contacts_of(application_id: str, **preferences: Any) -> ApplicantContacts:
    return ApplicantContacts(
        application_id=application_id,
        identifier_type="egn",
        identifier="7501010010",
        email="ivan@example.bg",
        phone="+359888123456",
        preferences=NotificationPreferences(**preferences),
    )


async def notice(platform: Platform, application_id: str, state: str) -> str:
    notice_id = f"n-{application_id}"
    await platform.notices.add(
        Notice(
            id=notice_id,
            application_id=application_id,
            administration_id="sofia",
            state=state,
            template=f"application.{state}",
            language="bg",
            channel="portal",
            status="recorded",
            created_at=START,
            reference=new_reference(),
            service=2016,
            service_version=1,
            occurred_at=START,
            details={},
            choose_at=START,
        )
    )
    return notice_id


@pytest.fixture
async def store_with_tables(settings, store):
    await upgrade_async(settings.database_url, MIGRATIONS)
    return store


async def test_when_e_mails_tries_run_out_the_notice_goes_by_sms_and_the_contacts_are_forgotten(
    store_with_tables, tmp_path
):
    down = Failed("SMTP server unreachable (ConnectionRefusedError)")
    platform = Platform(store_with_tables, tmp_path / "now", Intake(), email=Provider(down))
    platform.at(START)
    notice_id = await notice(platform, "a1", "routed")
    await platform.rounds()
    assert (await platform.deliveries_of(notice_id))["email"]["attempt"] == 1
    # Tries after 1 and 5 minutes fail too; the third is the last of this schedule.
    for minutes in (1, 6):
        platform.at(START + dt.timedelta(minutes=minutes))
        await platform.courier.round()
    platform.at(START + dt.timedelta(minutes=6, seconds=1))
    await platform.courier.round()
    found = await platform.deliveries_of(notice_id)
    assert (found["email"]["status"], found["email"]["attempt"]) == ("temporary_failure", 3)
    assert found["email"]["due_at"] is None
    assert (found["sms"]["status"], found["sms"]["attempt"]) == ("delivered", 1)
    assert platform.sms.sent == ["+359888123456"]
    assert await platform.contacts_of(notice_id) is None
    outcomes = [
        (o["channel"], o["attempt"], o["status"]) for o in (await platform.events())["bg.egov.notification.outcome.v2"]
    ]
    assert outcomes == [
        ("email", 1, "temporary_failure"),
        ("email", 2, "temporary_failure"),
        ("email", 3, "temporary_failure"),
        ("sms", 1, "delivered"),
    ]


async def test_a_refused_address_with_no_channel_left_is_dead_lettered_with_an_alert_then_redriven(
    store_with_tables, tmp_path
):
    refused = Failed("SMTP 550 recipient refused", permanent=True)
    platform = Platform(
        store_with_tables, tmp_path / "now", Intake(channels=["email"]), email=Provider(refused, Accepted())
    )
    platform.at(START)
    notice_id = await notice(platform, "a2", "accepted")
    await platform.rounds()
    assert (await platform.deliveries_of(notice_id))["email"]["status"] == "dead_lettered"
    assert await platform.contacts_of(notice_id) is None
    [alert] = (await platform.events())["bg.egov.notification.alert.v1"]
    assert (alert["kind"], alert["channel"], alert["notification_id"]) == (
        "notification_dead_lettered",
        "email",
        notice_id,
    )
    assert "ivan@example.bg" not in json.dumps(await platform.events(), ensure_ascii=False)

    async with store_with_tables.transaction():
        assert await platform.notices.choose_again(notice_id, "sofia", START)
        await platform.deliveries.restart_ended(notice_id)
    await platform.rounds()
    again = (await platform.deliveries_of(notice_id))["email"]
    assert (again["status"], again["attempt"]) == ("delivered", 1)
    delivered = [o for o in (await platform.events())["bg.egov.notification.outcome.v2"] if o["status"] == "delivered"]
    assert [(o["attempt"], o["redrive"]) for o in delivered] == [(1, 1)]


async def test_a_try_that_outlived_its_lease_records_nothing(store_with_tables, tmp_path):
    platform = Platform(store_with_tables, tmp_path / "now", Intake())
    platform.at(START)
    await notice(platform, "a3", "routed")
    await platform.chooser.round()
    [first] = await platform.deliveries.claim_due(START, 10, START + LEASE)
    [second] = await platform.deliveries.claim_due(START + LEASE, 10, START + 2 * LEASE)
    assert (first.attempt, second.attempt) == (1, 2)
    async with store_with_tables.transaction():
        await platform.deliveries.settle(second, status="delivered", due_at=None, now=START + LEASE)
    with pytest.raises(LeaseLost):
        async with store_with_tables.transaction():
            await platform.deliveries.settle(first, status="pending", due_at=START + LEASE, now=START + LEASE)
    [kept] = await platform.deliveries.of_notices([first.notification_id])
    assert (kept.status, kept.attempt) == ("delivered", 2)


async def test_an_e_delivery_notice_left_unopened_goes_by_e_mail_and_one_opened_is_the_proof(
    store_with_tables, tmp_path
):
    platform = Platform(store_with_tables, tmp_path / "now", Intake())
    platform.at(START)
    unopened = await notice(platform, "a4", "completed")
    await platform.rounds()
    sent = (await platform.deliveries_of(unopened))["e_delivery"]
    assert sent["status"] == "sent"
    assert await platform.contacts_of(unopened) is not None
    platform.at(START + dt.timedelta(days=7, minutes=1))
    await platform.courier.round()
    await platform.courier.round()
    found = await platform.deliveries_of(unopened)
    assert (found["e_delivery"]["status"], found["email"]["status"]) == ("unopened", "delivered")
    assert await platform.contacts_of(unopened) is None

    platform.e_delivery.opened = START + dt.timedelta(hours=1)
    platform.at(START)
    opened = await notice(platform, "a5", "refused")
    await platform.rounds()
    platform.at(START + dt.timedelta(minutes=6))
    await platform.courier.round()
    proof = (await platform.deliveries_of(opened))["e_delivery"]
    assert (proof["status"], proof["opened_at"]) == ("opened", START + dt.timedelta(hours=1))
    assert "email" not in await platform.deliveries_of(opened)


async def test_a_fault_of_ours_is_a_failed_try_on_the_schedule(store_with_tables, tmp_path):
    platform = Platform(
        store_with_tables, tmp_path / "now", Intake(channels=["email"]), email=Provider(RuntimeError("bug"))
    )
    platform.at(START)
    notice_id = await notice(platform, "a6", "routed")
    await platform.rounds()
    failed = (await platform.deliveries_of(notice_id))["email"]
    assert (failed["status"], failed["detail"]) == ("pending", "internal error (RuntimeError)")
    assert failed["due_at"] == START + dt.timedelta(minutes=1)
