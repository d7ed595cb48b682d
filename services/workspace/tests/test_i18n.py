"""The workspace's words: each in both languages with the same placeholders, and every key the
templates, the pages and the domain use is there."""

import re
from pathlib import Path
from typing import get_args

import pytest

from egov_workspace.domain.cases import CaseState, Decision
from egov_workspace.domain.staff import ROLES
from egov_workspace.entrypoints.i18n import _TEXTS, LANGUAGES, has_text, text

PACKAGE = Path(__file__).parents[1] / "src" / "egov_workspace"
ENTRYPOINTS = PACKAGE / "entrypoints"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# NOTE: `t("key")` or `t('key', name=...)`; not `.get('key')` and not `t("role_" + role)`.
_TEMPLATE_KEY = re.compile(r"(?<![\w.])t\(\s*([\"'])(\w+)\1\s*[,)]")
_TEXT_KEY = re.compile(r"(?<![\w.])text\(\s*\"(\w+)\"")
_DONE_KEY = re.compile(r"\"(done_\w+)\"")
_FLASH_KEY = re.compile(r"(?<![\w.])flash\(\s*request,\s*\"(\w+)\"")
_REFUSED_KEY = re.compile(r"(?<![\w.])_refused\(\s*request,\s*\d+,\s*\"(\w+)\"\s*\)")
_CHOSEN_KEY = re.compile(r"\"(\w+)\" if [^\n]* else \"(\w+)\"")
_NOT_ALLOWED = re.compile(r"NotAllowed\(\s*\"(\w+)\"\s*\)")
# NOTE: the actions the audit records, as its writers name them (case_view.described words them).
_ACTIONS = [
    re.compile(r"\baction=\"(\w+)\""),
    re.compile(r"\baction = \"(\w+)\" if [^\n]* else \"(\w+)\""),
    re.compile(r"_entry\(\s*member,\s*\"(\w+)\""),
    re.compile(r"_assign\(\s*case,\s*member,\s*\"(\w+)\""),
    re.compile(r"AuditEntry\(\s*member\.administration_id,\s*member\.person,\s*member\.name,\s*\"(\w+)\""),
]


def found(pattern: re.Pattern[str], paths: list[Path]) -> set[str]:
    keys: set[str] = set()
    for path in paths:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            keys.update(group for group in match.groups() if group and group not in ("'", '"'))
    return keys


def modules(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.py"))


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    assert LANGUAGES == ("bg", "en")
    for key, (bg, en) in _TEXTS.items():
        assert bg.strip(), key
        assert en.strip(), key
        assert sorted(_PLACEHOLDER.findall(bg)) == sorted(_PLACEHOLDER.findall(en)), key


def test_a_text_is_given_in_the_language_asked_for_with_its_values() -> None:
    assert text("logout", "bg") == "Изход"
    assert text("logout", "en") == "Log out"
    assert text("done_accepted", "en", result="СО-2026-000042") == (
        "The application is accepted with registration number СО-2026-000042."
    )
    assert text("page_of", "bg", page=2, pages=5, total=93) == "Страница 2 от 5 (93 заявления)"


def test_a_text_with_braces_but_no_placeholders_is_given_as_written() -> None:
    assert "{counter:6}" in text("numbering_intro", "en")


def test_every_key_a_template_uses_literally_is_there() -> None:
    templates = sorted((ENTRYPOINTS / "templates").glob("*.html"))
    keys = found(_TEMPLATE_KEY, templates)

    assert {"workspace", "login", "case", "accept_hint", "page_of", "bad_filter"} <= keys
    assert sorted(key for key in keys if not has_text(key)) == []


def test_every_key_the_pages_use_is_there() -> None:
    pages = modules(ENTRYPOINTS)
    keys = set().union(
        *(found(pattern, pages) for pattern in (_TEXT_KEY, _DONE_KEY, _FLASH_KEY, _REFUSED_KEY, _CHOSEN_KEY))
    )
    # NOTE: a needed item's kind and the numbering form's field names, chosen the same way.
    keys -= {"answer", "attachment", "prefix", "pattern"}

    assert {"forbidden", "done_claimed", "done_staff", "login_failed", "not_staff", "too_long", "required"} <= keys
    assert sorted(key for key in keys if not has_text(key)) == []


def test_every_reason_an_action_is_not_allowed_is_told_in_words() -> None:
    reasons = found(_NOT_ALLOWED, [*modules(PACKAGE / "domain"), *modules(PACKAGE / "service_layer")])

    assert {"not_yours", "closed", "only_head_assigns", "operation_not_declared"} <= reasons
    assert sorted(reason for reason in reasons if not has_text(reason)) == []


def test_every_action_the_audit_records_is_told_in_words() -> None:
    actions = set().union(
        *(found(pattern, modules(PACKAGE / "service_layer") + modules(ENTRYPOINTS)) for pattern in _ACTIONS)
    )
    actions |= set(get_args(Decision))

    assert {"received", "withdrawn", "viewed", "claimed", "assigned", "released", "staff_changed"} <= actions
    assert sorted(action for action in actions if not has_text(f"action_{action}")) == []


@pytest.mark.parametrize("state", list(CaseState))
def test_every_state_has_a_name(state: CaseState) -> None:
    assert has_text(f"state_{state.value}")


@pytest.mark.parametrize("state", ["open", "all"])
def test_the_worklists_state_filters_have_names(state: str) -> None:
    assert has_text(f"state_{state}")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_a_name(role: str) -> None:
    assert has_text(f"role_{role}")


@pytest.mark.parametrize("key", ["kind_answer", "kind_attachment", "overdue", "due_soon"])
def test_the_keys_templates_build_from_values_are_there(key: str) -> None:
    # NOTE: `t("kind_" + needed.kind)` and `t(mark)` (a deadline mark) in the templates.
    assert has_text(key)


@pytest.mark.parametrize("subject", ["applicant", "represented"])
def test_the_named_subjects_of_a_registry_check_have_words(subject: str) -> None:
    assert has_text(f"subject_{subject}")
