"""Joining, on the session's platform: from nothing to a new municipality's first application
processed by a handler made from the template, and shadow mode before the cut-over.

Every step is an `egov-stack` command, run as a municipality's IT person runs it (the commands'
own code, in this process, given the session's URLs and local stack); the handler package is
built with `uv sync` and tested with its own generated tests. No central service is restarted or
changed: their processes are the same before and after.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from egov_localstack import joining_cli
from egov_localstack.cli import local_token
from egov_schemas.lifecycle import FINAL_STATES
from tests.e2e.citizen import final_status, status, submit
from tests.e2e.staff import StaffSession, arrived
from tests.kafka_helpers import eventually

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from egov_localstack.platform import Platform
    from tests.conftest import Stack

GABROVO = "gabrovo"
SERVICE = 2039
PETYA, PETYA_EGN = "petya-stoyanova", "9006124601"  # NOTE: the eID simulator's, of no administration yet
KALINA, KALINA_EGN = "kalina-petrova", "9203143009"
JOINING_TARGET_S = 600
"""The issue's target: nothing to a first processed application in 10 minutes on this machine."""
JOIN = (
    "join",
    GABROVO,
    "--name-bg=Община Габрово",
    "--name-en=Gabrovo Municipality",
    "--eik=000215234",
    "--ekatte=14218",
    "--email=obshtina@gabrovo.bg",
)
CENTRAL = ("catalog", "intake", "routing", "notifications", "registry-gateway", "workspace")


@dataclasses.dataclass(frozen=True)
class Joined:
    package: Path
    python: Path
    """The handler package's own interpreter (its virtual environment, from `uv sync`)."""
    elapsed_s: float
    build_s: float
    pids: dict[str, int | None]


def urls(platform: Platform) -> list[str]:
    return [f"--{name}-url={platform.url(name)}" for name in ("catalog", "intake", "routing", "workspace")]


def egov_stack(platform: Platform, stack: Stack, *argv: str) -> None:
    assert joining_cli.main([*argv, *urls(platform)], stack=stack.local) == 0, argv


def uv(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    found = shutil.which("uv") or str(Path.home() / ".local/bin/uv")
    # NOTE: the package gets a virtual environment of its own, not this workspace's.
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")}
    env |= {"UV_PYTHON_DOWNLOADS": "never", "UV_PYTHON": f"{sys.version_info.major}.{sys.version_info.minor}"}
    return subprocess.run([found, *argv], cwd=cwd, env=env, capture_output=True, text=True, check=False)  # noqa: S603


def central_pids(platform: Platform) -> dict[str, int | None]:
    return {name: process.pid() for name in CENTRAL for process in platform.replicas(name)}


@pytest.fixture(scope="module")
def joined(platform: Platform, stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Joined:
    """Gabrovo joined (its package from the typical municipality's template, Петя its first
    admin in the workspace) and its handler made from the template and built."""
    pids = central_pids(platform)
    started = time.monotonic()
    egov_stack(
        platform,
        stack,
        *JOIN,
        f"--admin-egn={PETYA_EGN}",
        "--admin-name=Петя Стоянова",
    )
    package = tmp_path_factory.mktemp("joining") / f"egov-handler-{GABROVO}"
    egov_stack(platform, stack, "new-handler", GABROVO, f"--service={SERVICE}", f"--into={package}")
    built_at = time.monotonic()
    built = uv("sync", cwd=package)
    assert built.returncode == 0, built.stderr
    done = time.monotonic()
    return Joined(package, package / ".venv/bin/python", done - started, done - built_at, pids)


@pytest.fixture
def handler(joined: Joined) -> Iterator[None]:
    """The generated handler running on the local platform, with the settings in its local.env."""
    command = [str(joined.python), "-m", f"egov_handler_{GABROVO}"]
    process = subprocess.Popen(command, cwd=joined.package)  # noqa: S603 - fixed argv
    try:
        port = next(
            line.split("=", 1)[1]
            for line in (joined.package / "local.env").read_text().splitlines()
            if line.startswith("HTTP_PORT=")
        )

        def ready() -> bool:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        deadline = time.monotonic() + 60
        while not ready():
            assert process.poll() is None, "the handler stopped"
            assert time.monotonic() < deadline, "the handler did not get ready within 60 s"
            time.sleep(0.5)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_new_municipality_goes_from_nothing_to_its_first_application_processed_by_its_generated_handler(
    platform: Platform, stack: Stack, joined: Joined, record_property: Callable[[str, object], None], capsys
):
    started = time.monotonic()
    egov_stack(platform, stack, "cut-over", GABROVO, str(SERVICE))
    # NOTE: the package's own tests: its decisions, then an application submitted through intake
    # and completed by the handler the test starts on the local platform.
    tested = uv("run", "pytest", "-q", "-p", "no:cacheprovider", cwd=joined.package)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "3 passed" in tested.stdout, tested.stdout
    elapsed = joined.elapsed_s + time.monotonic() - started
    record_property("joining_elapsed_s", round(elapsed, 1))
    record_property("joining_first_build_s", round(joined.build_s, 1))
    with capsys.disabled():
        print(
            f"\njoining: nothing to a first processed application in {elapsed:.0f} s "
            f"(the first build, uv sync, {joined.build_s:.0f} s)"
        )
    assert elapsed < JOINING_TARGET_S
    assert central_pids(platform) == joined.pids, "a central service was restarted"


@pytest.mark.usefixtures("handler")
async def test_shadow_mode_records_the_handlers_decisions_beside_staffs_and_cut_over_hands_it_the_service(
    platform: Platform, stack: Stack, joined: Joined, intake: httpx.AsyncClient, capsys
):
    egov_stack(platform, stack, "shadow", GABROVO, str(SERVICE))
    form = {"person_name": "Иван Петров", "settlement": "Габрово", "purpose": "за наследство"}
    application = {
        "administration_id": GABROVO,
        "service": SERVICE,
        "applicant": {"identifier": "7501010010", "name": "Иван Петров", "email": "ivan.petrov@example.bg"},
        "form": form,
    }
    agreed, refused = await submit(intake, application), await submit(intake, application)
    async with StaffSession(platform) as petya:
        await petya.log_in(PETYA)
        added = await petya.post("/staff", {"person": KALINA_EGN, "name": "Калина Петрова", "role": "clerk"})
        assert added.status_code == 303, added.text
    async with StaffSession(platform) as kalina:
        await kalina.log_in(KALINA)
        for application_id, decision, form_fields in (
            (agreed, "complete", {"body": "Препис от семейния регистър."}),
            (refused, "refuse", {"reasons": "Регистърът за това населено място не е запазен."}),
        ):
            await arrived(kalina, intake, application_id)
            for action, fields in (("claim", {}), ("accept", {}), (decision, form_fields)):
                taken = await kalina.act(application_id, action, **fields)
                assert taken.status_code == 303, taken.text
    assert (await final_status(intake, agreed))["status"] == "completed"
    assert (await final_status(intake, refused))["status"] == "refused"

    async def compared() -> dict[str, Any] | None:
        report = await _report(platform)
        return report if report["applications"] == 2 else None

    report = await eventually(compared, timeout=60)
    verdicts = {row["application_id"]: (row["shadow"], row["real"], row["verdict"]) for row in report["comparisons"]}
    assert verdicts == {
        agreed: ("completed", "completed", "agree"),
        refused: ("completed", "refused", "disagree"),
    }
    assert report["verdicts"] == {"agree": 1, "disagree": 1, "pending": 0, "undecided": 0, "not_comparable": 0}
    # NOTE: the handler's decisions were not applied: each application has staff's, once.
    for application_id in (agreed, refused):
        states = [entry["state"] for entry in (await status(intake, application_id))["history"]]
        assert states.count("accepted") == 1, states
        assert len([state for state in states if state in FINAL_STATES]) == 1, states

    capsys.readouterr()
    assert joining_cli.main(["shadow-report", GABROVO, str(SERVICE), *urls(platform)]) == 0
    printed = capsys.readouterr().out
    assert "2 applications: 1 agree, 1 disagree, 0 pending, 0 undecided, 0 not comparable" in printed, printed

    egov_stack(platform, stack, "cut-over", GABROVO, str(SERVICE))
    automated = await submit(intake, application)
    assert (await final_status(intake, automated))["status"] == "completed"
    assert (await _report(platform))["applications"] == 2, "no shadow copy after the cut-over"
    assert central_pids(platform) == joined.pids, "a central service was restarted"


async def _report(platform: Platform) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {local_token(administration=GABROVO)}"}
    async with httpx.AsyncClient(base_url=platform.url("routing"), timeout=10, headers=headers) as routing:
        response = await routing.get(f"/administrations/{GABROVO}/shadow/{SERVICE}")
        assert response.status_code == 200, response.text
        return dict(response.json())


async def test_joining_again_changes_nothing_and_wrong_requests_are_refused_naming_the_field(
    platform: Platform, stack: Stack, joined: Joined, capsys
):
    capsys.readouterr()
    egov_stack(platform, stack, *JOIN)
    printed = capsys.readouterr().out
    assert "already registered, unchanged" in printed, printed
    assert "its package exists and is kept as it is" in printed, printed
    egov_stack(platform, stack, *JOIN[:4], "--phone=+359 66 818 400")
    assert "already registered, details updated" in capsys.readouterr().out
    async with httpx.AsyncClient(base_url=platform.url("catalog"), timeout=10) as catalog:
        details = (await catalog.get(f"/administrations/{GABROVO}")).json()
    assert details["contacts"]["email"] == "obshtina@gabrovo.bg", "what was not given again is kept"
    assert (details["contacts"]["phone"], details["channels"], details["eik"]) == (
        "+359 66 818 400",
        ["email"],
        "000215234",
    )

    admin = {"Authorization": f"Bearer {local_token(administration=GABROVO)}"}
    operator = {"Authorization": f"Bearer {local_token(operator=True)}"}
    async with httpx.AsyncClient(base_url=platform.url("catalog"), timeout=10) as catalog:
        package = f"/administrations/{GABROVO}/package"
        current = await catalog.get(package)
        etag = {"If-Match": current.headers["etag"]}
        for body, field, detail in (
            ({"template": "typical-district"}, "template", "is for district administrations"),
            ({"template": "typical-village"}, "template", "no template typical-village"),
            ({"template": "typical-municipality", "administration": "sofia"}, "body", "either a template or"),
        ):
            refused = await catalog.post(f"{package}/copy", json=body, headers={**admin, **etag})
            assert refused.status_code == 422, refused.text
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert [error["field"] for error in refused.json()["errors"]] == [field], refused.text
            assert detail in refused.text
        from_sofia = await catalog.post(f"{package}/copy", json={"administration": "sofia"}, headers={**admin, **etag})
        assert from_sofia.status_code == 200, from_sofia.text
        assert {entry["processing"] for entry in from_sofia.json()["entries"]} == {"staff"}
        automatic = {"entries": [{"service": SERVICE, "processing": "automatic", "shadow_from": "2026-11-27"}]}
        refused = await catalog.put(package, json=automatic, headers={**admin, "If-Match": from_sofia.headers["etag"]})
        assert refused.status_code == 422, refused.text
        assert "only for a service its staff process" in refused.text
        templates = (await catalog.get("/package-templates")).json()
        assert {t["name"]: t["kind"] for t in templates} == {
            "typical-municipality": "municipality",
            "typical-district": "district",
        }

    async with httpx.AsyncClient(base_url=platform.url("workspace"), timeout=10) as workspace:
        named = f"/administrations/{GABROVO}/staff"
        member = {"person": PETYA_EGN, "name": "Петя Стоянова", "role": "admin"}
        assert (await workspace.post(named, json=member, headers=admin)).status_code == 403
        for wrong, field in (({"person": "9006124600"}, "person"), ({"name": " \u0000 "}, "name")):
            refused = await workspace.post(named, json=member | wrong, headers=operator)
            assert refused.status_code == 422, refused.text
            assert [error["field"] for error in refused.json()["errors"]] == [field], refused.text
        elena_of_sofia = await workspace.post(named, json=member | {"person": "8807220079"}, headers=operator)
        assert elena_of_sofia.status_code == 409, elena_of_sofia.text
