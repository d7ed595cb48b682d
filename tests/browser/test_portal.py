"""The citizen portal in a real browser: a citizen finds a service by a Bulgarian word, makes and
fixes a mistake, attaches a PDF, checks the answers, submits with the keyboard and later sees the
application completed; malware is refused; nobody else can open the application; a company's
representative applies for it in English; a service's level of assurance sends the citizen back
to the eID. Every page visited is checked with axe-core."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

import httpx
import pytest
from playwright.sync_api import Page, expect

from egov_eid_sim.testing import login
from egov_localstack.platform import EID
from tests.browser.conftest import NewPage, PortalUrls, assert_accessible, eid_login, screenshot, tab_to
from tests.e2e.citizen import SMALL_PDF, heirs_application

if TYPE_CHECKING:
    from pathlib import Path

    from egov_localstack.platform import Platform

# NOTE: the EICAR test file, built from two halves so that no scanner quarantines this source.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR" + b"-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
REFERENCE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$")
COMPLETED_WITHIN_S = 90


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "акт за смърт.pdf"
    path.write_bytes(SMALL_PDF)
    return path


def visit(page: Page, name: str | None = None) -> None:
    """Every page the citizen sees: accessible, and photographed for the docs when asked."""
    assert_accessible(page)
    if name:
        screenshot(page, name)


def start_heirs_application(page: Page, portal: str, *, search_word: str, administration: str) -> None:
    page.goto(portal + "/")
    visit(page, f"home-{page_lang(page)}")
    page.get_by_role("searchbox").fill(search_word)
    page.get_by_role("searchbox").press("Enter")
    visit(page, f"search-{page_lang(page)}")
    page.locator("a[href='/services/sofia/2016']").filter(has_text=administration).click()
    visit(page, f"start-{page_lang(page)}")
    page.locator("a.button--start").click()


def fill_heirs_form(page: Page, deceased_egn: str = "3501010012") -> None:
    """The certificate of heirs' form in Bulgarian: the deceased (born 1935, so dead in GRAO) and the purpose."""
    page.get_by_label("Име на починалия").fill("Петър Иванов Петров")
    page.get_by_label("ЕГН на починалия").fill(deceased_egn)
    page.get_by_label("Цел на документа").fill("Наследствено производство")


def page_lang(page: Page) -> str:
    return str(page.locator("html").get_attribute("lang"))


def test_a_citizen_applies_fixes_a_mistake_and_sees_the_application_completed(
    new_page: NewPage, portal_urls: PortalUrls, pdf: Path
) -> None:
    page = new_page("bg")
    start_heirs_application(page, portal_urls.intake, search_word="наследници", administration="Столична община")
    eid_login(page, "ivan-petrov", "eid_substantial")

    expect(page.get_by_role("heading", level=1)).to_have_text("Издаване на удостоверение за наследници")
    visit(page, "form-bg")
    fill_heirs_form(page, deceased_egn="3501010013")  # NOTE: the check digit is wrong
    page.get_by_label(re.compile("^Препис-извлечение от акт за смърт")).set_input_files(pdf)
    page.get_by_role("button", name="Продължаване").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Има проблем")
    expect(summary).to_contain_text("ЕГН")
    visit(page, "form-errors-bg")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("ЕГН на починалия")).to_be_focused()
    expect(page.locator("main")).to_contain_text("акт за смърт.pdf")  # NOTE: the upload was kept
    page.get_by_label("ЕГН на починалия").fill("3501010012")
    # NOTE: Enter in a field continues (the form's default button), never "Remove" the PDF.
    page.get_by_label("ЕГН на починалия").press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Проверете отговорите си")
    expect(page.locator("main")).to_contain_text("3501010012")
    expect(page.locator("main")).to_contain_text("акт за смърт.pdf")
    visit(page, "check-bg")
    submit_button = page.get_by_role("button", name="Подаване на заявлението")
    tab_to(page, submit_button)  # NOTE: the keyboard alone: Tab to the button, then Enter
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Заявлението е подадено")
    reference = page.locator("#reference").inner_text()
    assert REFERENCE.match(reference), reference
    visit(page, "confirmation-bg")

    page.get_by_role("link", name="Моите заявления").click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    visit(page, "my-applications-bg")
    page.get_by_role("link", name=reference).click()
    deadline = time.monotonic() + COMPLETED_WITHIN_S
    while page.locator("#status").inner_text() != "изпълнено" and time.monotonic() < deadline:
        time.sleep(1)
        page.reload()
    expect(page.locator("#status")).to_have_text("изпълнено")
    visit(page, "application-bg")


def test_an_infected_attachment_is_refused_with_a_clear_message(
    new_page: NewPage, portal_urls: PortalUrls, tmp_path: Path
) -> None:
    infected = tmp_path / "eicar.pdf"
    infected.write_bytes(EICAR)
    page = new_page("bg")
    page.goto(f"{portal_urls.intake}/services/sofia/2016/apply")
    eid_login(page, "ivan-petrov", "eid_substantial")
    fill_heirs_form(page)
    page.get_by_label(re.compile("^Препис-извлечение от акт за смърт")).set_input_files(infected)
    page.get_by_role("button", name="Продължаване").click()

    expect(page.get_by_role("alert")).to_contain_text("Файлът „eicar.pdf“ съдържа зловреден код")
    expect(page.get_by_role("heading", level=1)).to_have_text("Издаване на удостоверение за наследници")
    visit(page)


def test_another_citizen_can_open_the_application_neither_by_url_nor_by_reference(
    new_page: NewPage, portal_urls: PortalUrls, platform: Platform
) -> None:
    with httpx.Client(base_url=platform.url(EID), timeout=10) as eid:
        token = login(eid, "ivan-petrov", "eid_substantial", redirect_uri=portal_urls.callback)["id_token"]
    with httpx.Client(base_url=portal_urls.intake, timeout=10) as intake:
        accepted = intake.post(
            "/applications", json=heirs_application(), headers={"Authorization": f"Bearer {token}"}
        ).json()
    own = f"{portal_urls.intake}/my-applications/{accepted['id']}"

    ivan = new_page("bg")
    ivan.goto(own)
    eid_login(ivan, "ivan-petrov", "eid_low")
    expect(ivan.get_by_role("heading", level=1)).to_have_text("Издаване на удостоверение за наследници")

    maria = new_page("bg")
    maria.goto(own)
    eid_login(maria, "maria-georgieva", "eid_high")
    expect(maria.get_by_role("heading", level=1)).to_have_text("Страницата не е намерена")
    visit(maria)
    maria.goto(f"{portal_urls.intake}/my-applications")
    maria.get_by_label("Номер на заявлението").fill(accepted["reference"])
    maria.get_by_role("button", name="Намиране").click()
    expect(maria.get_by_role("heading", level=1)).to_have_text("Страницата не е намерена")
    maria.goto(f"{portal_urls.intake}/my-applications")
    expect(maria.locator("main")).not_to_contain_text(accepted["reference"])


def test_a_representative_applies_for_a_company_in_english(new_page: NewPage, portal_urls: PortalUrls) -> None:
    page = new_page("en")
    page.goto(portal_urls.intake + "/")
    page.get_by_role("link", name="Switch to English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    start_heirs_application(page, portal_urls.intake, search_word="heirs", administration="Sofia")
    eid_login(page, "maria-georgieva", "eid_substantial")

    visit(page, "form-en")
    page.get_by_label(re.compile("on behalf of Примерна Фирма ЕООД")).check()
    page.get_by_label("Name of the deceased").fill("Petar Ivanov Petrov")
    page.get_by_label("Personal number (EGN) of the deceased").fill("3501010012")
    page.get_by_label("Purpose of the document").fill("Inheritance proceedings")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.locator("main")).to_contain_text("on behalf of Примерна Фирма ЕООД (206543211)")
    visit(page, "check-en")
    page.get_by_role("button", name="Submit the application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Application submitted")
    visit(page, "confirmation-en")
    page.get_by_role("link", name="My applications").click()
    expect(page.locator("main")).to_contain_text("on behalf of Примерна Фирма ЕООД")
    visit(page, "my-applications-en")


def test_a_service_asking_for_a_higher_level_sends_the_citizen_back_to_the_eid(
    new_page: NewPage, portal_urls: PortalUrls
) -> None:
    page = new_page("bg")
    page.goto(f"{portal_urls.intake}/services/sofia/2016/apply")
    eid_login(page, "ivan-petrov", "eid_low")
    expect(page.get_by_role("heading", level=1)).to_have_text("Издаване на удостоверение за наследници")

    page.goto(f"{portal_urls.intake}/services/sofia/2000/apply")  # NOTE: asks for eid_substantial
    expect(page).to_have_url(re.compile(r"/realms/eid/protocol/openid-connect/auth\?.*acr_values=eid_substantial"))


def test_a_draft_submitted_twice_makes_one_application(new_page: NewPage, portal_urls: PortalUrls) -> None:
    page = new_page("bg")
    page.goto(f"{portal_urls.intake}/services/sofia/2016/apply")
    eid_login(page, "ivan-petrov", "eid_low")
    fill_heirs_form(page)
    page.get_by_role("button", name="Продължаване").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Проверете отговорите си")

    # NOTE: the same form sent twice with the session's cookie, as a double click or a second tab would.
    form = page.locator("form[action$='/submit']")
    action = portal_urls.intake + str(form.get_attribute("action"))
    token = str(form.locator("input[name=csrf_token]").get_attribute("value"))
    first = page.request.post(action, form={"csrf_token": token})
    second = page.request.post(action, form={"csrf_token": token})
    assert first.ok
    assert second.ok
    assert first.url == second.url
    assert re.search(r"/my-applications/[0-9a-f-]+/confirmation$", first.url), first.url


def test_an_attached_file_can_be_removed_from_the_draft(new_page: NewPage, portal_urls: PortalUrls, pdf: Path) -> None:
    page = new_page("bg")
    page.goto(f"{portal_urls.intake}/services/sofia/2016/apply")
    eid_login(page, "ivan-petrov", "eid_low")
    page.get_by_label(re.compile("^Препис-извлечение от акт за смърт")).set_input_files(pdf)
    page.get_by_role("button", name="Продължаване").click()
    expect(page.locator("main")).to_contain_text("акт за смърт.pdf")

    page.get_by_role("button", name="Премахване акт за смърт.pdf").click()
    expect(page.locator("main")).not_to_contain_text("акт за смърт.pdf")
    visit(page)


def test_a_list_of_objects_grows_with_add_another(new_page: NewPage, portal_urls: PortalUrls, pdf: Path) -> None:
    page = new_page("bg")
    page.goto(f"{portal_urls.intake}/services/sofia/1996/apply")  # NOTE: a permit to cut trees
    eid_login(page, "ivan-petrov", "eid_low")
    page.get_by_label("Адрес или местност на имота").fill("гр. София, ул. Шипка 1")
    first = page.get_by_role("group", name="Дървета за отсичане 1")
    first.get_by_label("Вид").fill("Липа")
    first.get_by_label("Брой").fill("2")
    page.get_by_role("button", name="Добавяне на още").click()

    second = page.get_by_role("group", name="Дървета за отсичане 2")
    expect(first.get_by_label("Вид")).to_have_value("Липа")
    second.get_by_label("Вид").fill("Бреза")
    second.get_by_label("Брой").fill("1")
    page.get_by_label("Причина за отсичането").fill("Сухи дървета")
    page.get_by_label("Документ за собственост").set_input_files(pdf)
    visit(page, "form-list-bg")
    page.get_by_role("button", name="Продължаване").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Проверете отговорите си")
    expect(page.locator("main")).to_contain_text("Липа")
    expect(page.locator("main")).to_contain_text("Бреза")
    visit(page)
