"""The staff workspace on the whole platform: a Sofia clerk's decisions reach the citizen through
routing like a handler's, a registry check runs from the case under the service's law, every
action is audited, a decision that would publish personal data or a refusal without reasons is
not sent, a withdrawal closes the case, and Burgas's staff can neither see nor act on any of it."""

from __future__ import annotations

import re
from typing import Any

import asyncpg
import httpx

from egov_localstack.platform import Platform
from tests.e2e.citizen import SMALL_PDF, VALID_EGN, access, final_status, pdf_attachment, status, submit
from tests.e2e.staff import StaffSession, arrived, listed
from tests.kafka_helpers import eventually

REGISTRATION = re.compile(r"^SOFIA-\d{4}-\d{6}$")
ATTACHMENT_LINK = re.compile(r'href="/cases/[^/"]+/attachments/([^"]+)"')
PURPOSE = "Проверка на самоличността на заявителя"


def certified_copy(with_file: bool = False) -> dict[str, Any]:
    """An application to Sofia for a certified copy of a registration card (2020): its staff process it."""
    body: dict[str, Any] = {
        "administration_id": "sofia",
        "service": 2020,
        "applicant": {"identifier": VALID_EGN, "name": "Иван Петров", "email": "ivan.petrov@example.bg"},
        "form": {"person_name": "Иван Петров", "person_egn": VALID_EGN, "purpose": "служебна необходимост"},
    }
    if with_file:
        body["attachments"] = [pdf_attachment("power_of_attorney", "пълномощно.pdf")]
    return body


async def audited(platform: Platform, application_id: str) -> list[tuple[str, str | None]]:
    connection = await asyncpg.connect(platform.database_url("workspace"))
    try:
        rows = await connection.fetch(
            "SELECT action, actor FROM audit_log WHERE application_id = $1 ORDER BY id", application_id
        )
    finally:
        await connection.close()
    return [(row["action"], row["actor"]) for row in rows]


async def test_a_clerk_accepts_checks_a_registry_and_refuses_with_reasons(platform, intake):
    application_id = await submit(intake, certified_copy(with_file=True))
    async with StaffSession(platform) as elena:
        await elena.log_in("elena-ivanova")
        await arrived(elena, intake, application_id)
        page = await elena.get(f"/cases/{application_id}")
        assert page.status_code == 200
        assert "Иван Петров" in page.text
        file_id = ATTACHMENT_LINK.search(page.text)
        assert file_id, page.text
        download = await elena.get(f"/cases/{application_id}/attachments/{file_id[1]}")
        assert (download.status_code, download.content) == (200, SMALL_PDF)
        assert download.headers["x-content-type-options"] == "nosniff"

        # NOTE: deciding needs the case to be hers first.
        refused = await elena.act(application_id, "accept")
        assert refused.status_code == 400
        assert "Заявлението не е възложено на вас." in refused.text
        assert (await elena.act(application_id, "claim")).status_code == 303
        assert (await elena.act(application_id, "accept")).status_code == 303

        async def accepted() -> dict[str, Any] | None:
            found = await status(intake, application_id)
            return found if found["status"] == "accepted" else None

        number = (await eventually(accepted))["history"][-1]["detail"]["registration_number"]
        assert REGISTRATION.match(number), number

        checked = await elena.post(
            f"/cases/{application_id}/registry-check", {"check": "grao.person|applicant", "purpose": PURPOSE}
        )
        assert checked.status_code == 303

        async def answered() -> str | None:
            shown = (await elena.get(f"/cases/{application_id}")).text
            return shown if "<strong>found</strong>" in shown else None

        shown = await eventually(answered, timeout=60)
        assert PURPOSE in shown
        assert "Закон за гражданската регистрация" in shown  # NOTE: the law the service declares

        # NOTE: a message naming the applicant's EGN would be published on the lifecycle log.
        unpublishable = await elena.act(
            application_id, "request-info", message=f"Потвърдете ЕГН {VALID_EGN}", needed="Потвърждение"
        )
        assert unpublishable.status_code == 400
        assert "лични данни" in unpublishable.text
        without_reasons = await elena.act(application_id, "refuse", reasons="  \n ")
        assert without_reasons.status_code == 400
        assert "Полето е задължително." in without_reasons.text
        assert (await status(intake, application_id))["status"] == "accepted"

        reason = "Лицето не е вписано в регистъра."
        assert (await elena.act(application_id, "refuse", reasons=reason)).status_code == 303
    final = await final_status(intake, application_id)
    assert final["status"] == "refused"
    assert final["history"][-1]["detail"]["reasons"] == ["Лицето не е вписано в регистъра."]

    trail = await audited(platform, application_id)
    actions = [action for action, _ in trail]
    for expected in ("received", "viewed", "claimed", "accept", "registry_checked", "registry_answered", "refuse"):
        assert expected in actions, actions
    elena_egn = "8807220079"
    assert {actor for action, actor in trail if action in ("claimed", "accept", "refuse", "viewed")} == {elena_egn}
    assert {actor for action, actor in trail if action in ("received", "registry_answered")} == {None}
    assert actions.index("accept") < actions.index("refuse")


async def test_a_withdrawal_closes_the_case_and_is_acknowledged(platform, intake):
    body = certified_copy()
    application_id = await submit(intake, body)
    async with StaffSession(platform) as elena:
        await elena.log_in("elena-ivanova")
        reference = await arrived(elena, intake, application_id)
        withdrawn = await intake.post(f"/applications/{application_id}/withdrawal", headers=access(application_id))
        assert withdrawn.status_code == 202, withdrawn.text
        await eventually(lambda: listed(elena, reference, state="withdrawn"), timeout=60)
        assert not await listed(elena, reference)  # NOTE: no longer among the open ones
        page = await elena.get(f"/cases/{application_id}")
        assert "оттеглено" in page.text
        assert 'action="/cases/' not in page.text.replace(f'action="/cases/{application_id}/notes"', "")
        await elena.act(application_id, "claim")  # NOTE: the page offers no action; one sent anyway is not taken
    assert (await final_status(intake, application_id))["status"] == "withdrawn"
    trail = await audited(platform, application_id)
    assert ("withdrawn", None) in trail
    assert "claimed" not in [action for action, _ in trail]


async def test_burgas_staff_can_neither_see_nor_act_on_a_sofia_application(platform, intake):
    application_id = await submit(intake, certified_copy(with_file=True))
    async with StaffSession(platform) as elena, StaffSession(platform) as nikolay:
        await elena.log_in("elena-ivanova")
        reference = await arrived(elena, intake, application_id)
        file_id = ATTACHMENT_LINK.search((await elena.get(f"/cases/{application_id}")).text)
        assert file_id
        await nikolay.log_in("nikolay-todorov")
        assert not await listed(nikolay, reference, state="all")
        assert (await nikolay.get(f"/cases/{application_id}")).status_code == 404
        assert (await nikolay.get(f"/cases/{application_id}/attachments/{file_id[1]}")).status_code == 404
        assert (await nikolay.get(f"/cases/{application_id}/document")).status_code == 404
        for action, form in (("claim", {}), ("notes", {"text": "x"}), ("refuse", {"reasons": "x"})):
            answer = await nikolay.post(f"/cases/{application_id}/{action}", {"revision": "1", **form})
            assert answer.status_code == 404, (action, answer.status_code)
        page = await elena.get(f"/cases/{application_id}")
        assert "Николай" not in page.text  # NOTE: nothing of his reached the case
    assert ("viewed", "9104300027") not in await audited(platform, application_id)

    async with httpx.AsyncClient(base_url=platform.url("workspace"), timeout=10) as anyone:
        internal = await anyone.get(f"/internal/documents/x?application_id={application_id}")
        assert internal.status_code == 401
        assert internal.headers["content-type"] == "application/problem+json"
        forged = await anyone.get(
            f"/internal/documents/x?application_id={application_id}", headers={"Authorization": "Bearer forged"}
        )
        assert forged.status_code == 401


async def test_a_head_of_unit_assigns_work_and_reads_the_audit_and_notes_stay_with_staff(platform, intake):
    application_id = await submit(intake, certified_copy())
    async with StaffSession(platform) as georgi, StaffSession(platform) as elena:
        await georgi.log_in("georgi-dimitrov")
        reference = await arrived(georgi, intake, application_id)
        assigned = await georgi.act(application_id, "assign", person="8807220079")
        assert assigned.status_code == 303
        await elena.log_in("elena-ivanova")
        assert await listed(elena, reference, assignee="me")
        # NOTE: a clerk does not distribute work: she can take back only what is hers.
        page = (await elena.get(f"/cases/{application_id}")).text
        assert 'action="/cases/' + application_id + '/assign"' not in page
        note = "Да се провери и в архива на район „Красна поляна“."
        assert (await elena.post(f"/cases/{application_id}/notes", {"text": note})).status_code == 303
        assert note in (await georgi.get(f"/cases/{application_id}")).text
        audit = await georgi.get("/audit")
        assert audit.status_code == 200
        assert "възложено: Елена Иванова" in audit.text
        assert (await elena.get("/audit")).status_code == 403
    shown_to_citizen = await status(intake, application_id)
    assert note not in str(shown_to_citizen)


async def test_an_administrations_admin_manages_its_staff_and_numbering(platform, intake):
    async with StaffSession(platform) as stefan, StaffSession(platform) as elena:
        await stefan.log_in("stefan-kolev")
        await elena.log_in("elena-ivanova")
        assert (await elena.get("/staff")).status_code == 403
        added = await stefan.post("/staff", {"person": "8203150053", "name": "Мария Георгиева", "role": "clerk"})
        assert added.status_code == 303
        listing = (await stefan.get("/staff")).text
        assert "Мария Георгиева" in listing
        # NOTE: a Burgas clerk cannot be taken over from Sofia, nor an EGN with a wrong check digit added.
        elsewhere = await stefan.post("/staff", {"person": "9104300027", "name": "Николай Тодоров", "role": "clerk"})
        assert (elsewhere.status_code, "Лицето работи в друга администрация." in elsewhere.text) == (400, True)
        wrong = await stefan.post("/staff", {"person": "8203150054", "name": "Някой", "role": "clerk"})
        assert (wrong.status_code, "ЕГН не е валидно." in wrong.text) == (400, True)
        # NOTE: a role changed applies at once, without a new login.
        demoted = await stefan.post("/staff", {"person": "8807220079", "name": "Елена Иванова", "role": "admin"})
        assert demoted.status_code == 303
        try:
            home = await elena.get("/")
            assert (home.status_code, home.headers["location"]) == (303, "/staff")
            assert (await elena.get("/staff")).status_code == 200
        finally:
            restored = await stefan.post("/staff", {"person": "8807220079", "name": "Елена Иванова", "role": "clerk"})
            assert restored.status_code == 303
        removed = await stefan.post("/staff/8203150053/remove", {})
        assert removed.status_code == 303
        assert "Мария Георгиева" not in (await stefan.get("/staff")).text

        refused = await stefan.post("/numbering", {"prefix": "СО", "pattern": "{year}{counter:6}"})
        assert (refused.status_code, "personal number" in refused.text) == (400, True)
        try:
            assert (
                await stefan.post("/numbering", {"prefix": "СО", "pattern": "{prefix}/{year}/{counter:5}"})
            ).status_code == 303
            application_id = await submit(intake, certified_copy())
            await arrived(elena, intake, application_id)
            await elena.act(application_id, "claim")
            assert (await elena.act(application_id, "accept")).status_code == 303
        finally:
            await stefan.post("/numbering", {"prefix": "SOFIA", "pattern": "{prefix}-{year}-{counter:6}"})

    async def accepted() -> str | None:
        found = await status(intake, application_id)
        return found["history"][-1]["detail"]["registration_number"] if found["status"] == "accepted" else None

    assert re.match(r"^СО/\d{4}/\d{5}$", await eventually(accepted))
