"""The staff workspace in a real browser, following a clerk of Sofia Municipality: she sees the
worklist and claims an application, accepts it, asks the citizen for information, the citizen
answers in the portal, she completes it with an output document, and the citizen downloads the
PDF. A clerk of Burgas can neither see nor open it. Every workspace page is checked with axe-core.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import NewPage, PortalUrls, assert_accessible, eid_login, screenshot
from tests.e2e.citizen import VALID_EGN

if TYPE_CHECKING:
    from egov_localstack.platform import Platform

WITHIN_S = 90
REGISTRATION = re.compile(r"^SOFIA-\d{4}-\d{6}$")


@dataclass(frozen=True)
class Filed:
    reference: str
    application_id: str
    portal_page: Page


@pytest.fixture(scope="module")
def workspace(platform: Platform) -> str:
    return platform.url("workspace")


def visit(page: Page, name: str | None = None) -> None:
    """Every page the tests see passes axe-core; some are kept as screenshots for the docs."""
    assert_accessible(page)
    if name:
        screenshot(page, name, folder="workspace")


def file_certified_copy(page: Page, portal: str) -> Filed:
    """Иван applies to Sofia for a certified copy of a registration card (2020), which Sofia's
    staff process."""
    page.goto(f"{portal}/services/sofia/2020/apply")
    eid_login(page, "ivan-petrov", "eid_substantial")
    page.get_by_label("Име на лицето, за което се иска документът").fill("Петър Иванов Петров")
    page.get_by_label("ЕГН на лицето").fill(VALID_EGN)
    page.get_by_label("Цел на документа").fill("За наследствено производство")
    page.get_by_role("button", name="Продължаване").click()
    page.get_by_role("button", name="Подаване на заявлението").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Заявлението е подадено")
    reference = page.locator("#reference").inner_text()
    page.get_by_role("link", name=re.compile("личен регистрационен картон")).click()
    application_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    return Filed(reference, application_id, page)


def staff_login(page: Page, workspace: str, person_key: str) -> None:
    page.goto(workspace)
    visit(page, "login")
    page.get_by_role("link", name="Вход с електронна идентичност").last.click()
    eid_login(page, person_key, "eid_substantial")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Заявления")


def reload_until(page: Page, wanted: str, where: str) -> None:
    deadline = time.monotonic() + WITHIN_S
    while wanted not in page.locator(where).inner_text() and time.monotonic() < deadline:
        time.sleep(1)
        page.reload()
    expect(page.locator(where)).to_contain_text(wanted)


def open_from_worklist(page: Page, reference: str) -> None:
    """The application as the worklist lists it (it arrives a moment after it was filed)."""
    page.get_by_label("Изпълнител").select_option("unassigned")
    page.get_by_role("button", name="Филтриране").click()
    deadline = time.monotonic() + WITHIN_S
    while page.get_by_role("link", name=reference).count() == 0 and time.monotonic() < deadline:
        time.sleep(1)
        page.reload()
    visit(page, "worklist")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Заявление {reference}")


def test_a_sofia_clerk_processes_an_application_and_the_citizen_downloads_the_document(
    new_page: NewPage, portal_urls: PortalUrls, workspace: str
) -> None:
    citizen = new_page("bg")
    filed = file_certified_copy(citizen, portal_urls.intake)

    # 1. Елена sees the worklist and claims the application.
    clerk = new_page("bg")
    staff_login(clerk, workspace, "elena-ivanova")
    open_from_worklist(clerk, filed.reference)
    expect(clerk.locator("main")).to_contain_text("Петър Иванов Петров")
    visit(clerk, "case-new")
    clerk.get_by_role("button", name="Поемане").click()
    expect(clerk.get_by_role("status")).to_have_text("Заявлението е поето от вас.")
    clerk.get_by_role("button", name="Приемане и регистриране").click()
    expect(clerk.get_by_role("status")).to_contain_text("Заявлението е прието с входящ номер")
    number = clerk.get_by_role("status").inner_text().rsplit(" ", 1)[-1].rstrip(".")
    assert REGISTRATION.match(number), number

    # A registry check from the case, under the law the service declares; the answer comes later.
    clerk.get_by_label("Цел на проверката").fill("Проверка на самоличността на заявителя")
    clerk.get_by_role("button", name="Проверка", exact=True).click()
    expect(clerk.get_by_role("status")).to_have_text("Проверката е изпратена.")
    reload_until(clerk, "found", "main")
    expect(clerk.locator("main")).to_contain_text("Закон за гражданската регистрация")
    visit(clerk, "case-registry-checked")

    # 2. She asks for information; a request without what is needed is refused, naming the field.
    clerk.get_by_label("Съобщение до гражданина").fill("Моля, уточнете адреса за получаване.")
    clerk.get_by_role("button", name="Искане на информация").click()
    expect(clerk.get_by_role("alert")).to_contain_text("Полето е задължително.")
    visit(clerk)
    clerk.get_by_role("alert").get_by_role("link").first.click()
    expect(clerk.get_by_label("Какво е нужно")).to_be_focused()
    clerk.get_by_label("Какво е нужно").fill("Адрес за получаване на документа")
    clerk.get_by_role("button", name="Искане на информация").click()
    expect(clerk.get_by_role("status")).to_have_text("Искането е изпратено на гражданина.")
    visit(clerk, "case-information-requested")

    # 3. Иван answers in the portal.
    portal = filed.portal_page
    reload_until(portal, "изисква се информация", "#status")
    portal.get_by_label("Адрес за получаване на документа").fill("гр. София, ул. „Граф Игнатиев“ 1")
    portal.get_by_role("button", name="Изпращане на отговора").click()

    # 4. She sees the answer and completes the application with an output document.
    reload_until(clerk, "информацията е дадена", "main")
    expect(clerk.locator("main")).to_contain_text("гр. София, ул. „Граф Игнатиев“ 1")
    clerk.get_by_label("Текст на документа").fill(
        "Удостоверява се, че личният регистрационен картон е заверен.\n\nПрепис се предава на заявителя."
    )
    clerk.get_by_role("button", name="Изпълнение с документ").click()
    expect(clerk.get_by_role("status")).to_contain_text("Заявлението е изпълнено")
    with clerk.expect_download() as issued:
        clerk.get_by_role("link", name="Изтегляне (PDF)").click()
    assert issued.value.suggested_filename == f"{filed.reference}.pdf"
    expect(clerk.locator("main")).to_contain_text("поискана информация")  # NOTE: the history
    visit(clerk, "case-completed")

    # 5. Иван downloads the PDF from the portal.
    reload_until(portal, "изпълнено", "#status")
    with portal.expect_download() as downloaded:
        portal.get_by_role("link", name=re.compile("Изтегляне на документа")).click()
    pdf = downloaded.value.path().read_bytes()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert pdf.startswith(b"%PDF-")
    assert number in text
    assert "Столична община" in text
    assert "Удостоверява се, че личният регистрационен картон е заверен." in text


def test_a_burgas_clerk_can_neither_see_nor_open_a_sofia_application(
    new_page: NewPage, portal_urls: PortalUrls, workspace: str
) -> None:
    filed = file_certified_copy(new_page("bg"), portal_urls.intake)
    # NOTE: Sofia's own clerk sees it first: only then is its absence in Burgas a proof.
    sofia = new_page("bg")
    staff_login(sofia, workspace, "elena-ivanova")
    open_from_worklist(sofia, filed.reference)
    burgas = new_page("en")
    staff_login_en(burgas, workspace, "nikolay-todorov")
    expect(burgas.locator("main")).not_to_contain_text(filed.reference)
    burgas.get_by_label("State", exact=True).select_option("all")
    burgas.get_by_role("button", name="Filter").click()
    expect(burgas.locator("main")).not_to_contain_text(filed.reference)
    visit(burgas, "worklist-en")
    response = burgas.goto(f"{workspace}/cases/{filed.application_id}")
    assert response is not None
    assert response.status == 404
    visit(burgas)
    # NOTE: with the Burgas session's own valid CSRF token: the refusal is about whose case it is.
    token = burgas.locator("input[name=csrf_token]").first.input_value()
    claimed = burgas.request.post(
        f"{workspace}/cases/{filed.application_id}/claim", form={"csrf_token": token, "revision": "1"}
    )
    assert claimed.status == 404


def staff_login_en(page: Page, workspace: str, person_key: str) -> None:
    page.goto(workspace)
    page.get_by_role("link", name="Switch to English").click()
    visit(page, "login-en")
    page.get_by_role("link", name="Log in with national eID").last.click()
    eid_login(page, person_key, "eid_substantial")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Applications")
