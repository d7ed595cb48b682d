"""After submitting, in a real browser: the citizen answers an information request (text and a
file), is handed off to pay.egov for a fee, and withdraws an application; every page is checked
with axe-core."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

import httpx
import pytest
from playwright.sync_api import Page, expect

from egov_localstack.platform import PAY_EGOV
from tests.browser.conftest import NewPage, PortalUrls, assert_accessible, eid_login, screenshot
from tests.e2e.citizen import SMALL_PDF, VALID_EGN, heirs_application, logged_in

if TYPE_CHECKING:
    from pathlib import Path

    from egov_localstack.platform import Platform

WITHIN_S = 90


def until_status(page: Page, wanted: str) -> None:
    """Reload the application's page until its status reads `wanted` (the lifecycle is asynchronous)."""
    deadline = time.monotonic() + WITHIN_S
    while page.locator("#status").inner_text() != wanted and time.monotonic() < deadline:
        time.sleep(1)
        page.reload()
    expect(page.locator("#status")).to_have_text(wanted)


def extract_without_record_number(page: Page, portal: str) -> None:
    """A multilingual extract (2000) applied for in the portal without the record's number, which
    the example handler then asks for."""
    page.goto(f"{portal}/services/sofia/2000/apply")
    eid_login(page, "ivan-petrov", "eid_substantial")
    page.get_by_label("Име на лицето, за което се иска документът").fill("Иван Петров")
    page.get_by_label("ЕГН на лицето").fill(VALID_EGN)
    page.get_by_role("group", name="Вид акт за гражданско състояние").get_by_label("Раждане").check()
    page.get_by_role("group", name="Езици на извлечението").get_by_label("Английски").check()
    page.get_by_role("button", name="Продължаване").click()
    page.get_by_role("button", name="Подаване на заявлението").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Заявлението е подадено")
    page.get_by_role("link", name="Издаване на многоезично извлечение от акт за гражданско състояние").click()


@pytest.fixture
def record_copy(tmp_path: Path) -> Path:
    path = tmp_path / "акт за раждане.pdf"
    path.write_bytes(SMALL_PDF)
    return path


def test_a_citizen_answers_an_information_request_with_text_and_a_file(
    new_page: NewPage, portal_urls: PortalUrls, record_copy: Path
) -> None:
    page = new_page("bg")
    extract_without_record_number(page, portal_urls.intake)
    until_status(page, "изисква се информация")
    expect(page.get_by_role("heading", name="Администрацията иска информация")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "information-request-bg")

    page.get_by_label("Номер на акта / Number of the civil-status record").fill("0123")
    page.get_by_label("Копие на акта / A copy of the record").set_input_files(record_copy)
    page.get_by_role("button", name="Изпращане на отговора").click()
    until_status(page, "изпълнено")
    assert_accessible(page)


def test_a_citizen_withdraws_an_application_after_confirming(new_page: NewPage, portal_urls: PortalUrls) -> None:
    page = new_page("bg")
    extract_without_record_number(page, portal_urls.intake)
    until_status(page, "изисква се информация")
    page.get_by_role("link", name="Оттегляне на заявлението").click()
    expect(page.locator("main")).to_contain_text("Това не може да бъде отменено")
    assert_accessible(page)
    screenshot(page, "withdrawal-bg")
    page.get_by_role("button", name="Оттегляне на заявлението").click()
    until_status(page, "оттеглено")
    expect(page.get_by_role("link", name="Оттегляне на заявлението")).to_have_count(0)


def test_a_fee_hands_the_citizen_off_to_pay_egov(
    new_page: NewPage, portal_urls: PortalUrls, platform: Platform
) -> None:
    # NOTE: a certificate of current address (1997), which Sofia issues once the fee is paid.
    form = {"person_name": "Иван Петров", "person_egn": VALID_EGN, "purpose": "Служебна"}
    body = {**heirs_application(), "service": 1997, "form": form}
    with httpx.Client(base_url=portal_urls.intake, timeout=10) as intake:
        accepted = intake.post("/applications", json=body, headers=logged_in(platform))
    assert accepted.status_code == 202, accepted.text

    page = new_page("bg")
    page.goto(f"{portal_urls.intake}/my-applications/{accepted.json()['id']}")
    eid_login(page, "ivan-petrov", "eid_low")
    until_status(page, "очаква плащане")
    pay = page.get_by_role("button", name="Плащане на таксата")
    expect(pay).to_have_attribute("href", re.compile("^" + re.escape(platform.url(PAY_EGOV)) + ".+"))
    expect(page.locator("main")).to_contain_text("5.00")
    assert_accessible(page)
    screenshot(page, "payment-bg")
