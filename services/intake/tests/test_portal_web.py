"""What every portal page shares: redirects only within the site, the CSRF token, and its words in two languages."""

import re
from typing import Any

import pytest
from starlette.requests import Request

from egov_catalog.domain.seed.services import seeded_services
from egov_intake.domain.identity import Citizen
from egov_intake.entrypoints.portal.i18n import _TEXTS, LANGUAGES, category_title, language, text
from egov_intake.entrypoints.portal.web import citizen_of, log_in
from egov_sdk.web_pages import csrf_token, csrf_valid, day, local_path

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def with_session(session: dict[str, Any]) -> Request:
    """A request carrying `session` as the session middleware would."""
    return Request({"type": "http", "session": session})


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "http://evil.example/my-applications",
        "//evil.example",
        "//evil.example/my-applications",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        " //evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "evil.example/path",
        "my-applications",
        "",
        None,
    ],
)
def test_a_target_off_this_site_gives_the_fallback(target):
    assert local_path(target) == "/"
    assert local_path(target, "/my-applications") == "/my-applications"


@pytest.mark.parametrize("target", ["/", "/my-applications?x=1", "/services/2016/start?lang=en#form"])
def test_a_path_on_this_site_is_kept(target):
    assert local_path(target, "/fallback") == target


def test_a_form_without_the_sessions_token_is_not_valid():
    assert not csrf_valid(with_session({}), None)
    assert not csrf_valid(with_session({}), "")
    assert not csrf_valid(with_session({"csrf": "the-token"}), None)
    assert not csrf_valid(with_session({"csrf": "the-token"}), "")


def test_a_form_with_another_token_is_not_valid():
    assert not csrf_valid(with_session({"csrf": "the-token"}), "another-token")
    assert not csrf_valid(with_session({"csrf": "the-token"}), "the-token ")
    assert not csrf_valid(with_session({"csrf": "the-token"}), ["the-token"])
    assert not csrf_valid(with_session({}), "the-token")


def test_a_form_with_the_sessions_token_is_valid():
    assert csrf_valid(with_session({"csrf": "the-token"}), "the-token")


def test_the_token_is_made_once_per_session_and_then_accepted():
    session: dict[str, Any] = {}
    request = with_session(session)
    token = csrf_token(request)
    assert len(token) >= 32
    assert csrf_token(request) == token == session["csrf"]
    assert csrf_valid(request, token)
    assert csrf_token(with_session({})) != token


def test_logging_in_starts_a_new_session_holding_the_citizen():
    person = Citizen(egn="7501010010", name="Иван Петров", acr="eid_high")
    session: dict[str, Any] = {"csrf": "seen-before-login"}
    request = with_session(session)
    assert citizen_of(request) is None
    log_in(request, person, "the-id-token")
    assert citizen_of(request) == person
    assert "csrf" not in session
    assert session["id_token"] == "the-id-token"


@pytest.mark.parametrize(("value", "chosen"), [(None, "bg"), ("", "bg"), ("bg", "bg"), ("en", "en"), ("EN", "bg")])
def test_the_language_is_bulgarian_unless_english_is_asked_for(value, chosen):
    assert language(value) == chosen


def test_every_text_has_both_languages_with_the_same_placeholders():
    assert LANGUAGES == ("bg", "en")
    for key, (bg, en) in _TEXTS.items():
        assert bg.strip(), key
        assert en.strip(), key
        assert sorted(_PLACEHOLDER.findall(bg)) == sorted(_PLACEHOLDER.findall(en)), key


def test_a_text_is_given_in_the_language_asked_for():
    assert text("logout", "bg") == "Изход"
    assert text("logout", "en") == "Log out"


def test_values_are_put_into_a_text():
    assert text("file_too_large", "en", name="акт.pdf", size="10") == "“акт.pdf” must be 10 MB or smaller"
    assert text("file_too_large", "bg", name="акт.pdf", size="10") == "„акт.pdf“ трябва да е най-много 10 MB"
    assert text("file_infected", "en", name="a.pdf", signature="Eicar") == (
        "The file “a.pdf” contains malware (Eicar) and was refused"
    )


def test_a_day_is_written_the_bulgarian_way_and_anything_else_is_left_alone():
    assert day("2026-12-08") == "08.12.2026"
    assert day("soon") == "soon"


def test_every_seeded_category_has_a_title_in_both_languages():
    categories = {service.category for service in seeded_services()}
    assert all(category_title(code, "bg") != code for code in categories)
    assert category_title("civil_status", "en") == "Civil status"
    assert category_title("not_yet_named", "bg") == "not_yet_named"
