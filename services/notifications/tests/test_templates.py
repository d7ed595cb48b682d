import pytest

from egov_notifications.adapters.templates import NoticeFacts, TemplateBook, TemplateError
from egov_notifications.entrypoints.templates import SAMPLE_DETAILS
from egov_notifications.service_layer.notify import NOTIFIED_STATES

BOOK = TemplateBook()
BLOCKS = (
    "{{% block subject %}}{subject}{{% endblock %}}"
    "{{% block text %}}Т{{% endblock %}}{{% block body %}}Б{{% endblock %}}"
)


def facts(state: str, service: int = 1997, **details: object) -> NoticeFacts:
    return NoticeFacts(
        state=state,
        reference="7K3M-9QXP-4",
        service=service,
        service_name="Удостоверение за настоящ адрес",
        administration_name="Столична община",
        follow_url="https://egov.example/applications",
        details={**SAMPLE_DETAILS, **details},
    )


@pytest.mark.parametrize("state", sorted(NOTIFIED_STATES))
@pytest.mark.parametrize("language", ["bg", "en"])
def test_every_notified_state_has_a_template_in_both_languages(state, language):
    message = BOOK.render(facts(state.value), language)
    assert "7K3M-9QXP-4" in message.subject
    for part in (message.text, message.html, message.sms):
        assert "7K3M-9QXP-4" in part
    assert f'<html lang="{language}">' in message.html
    assert "https://egov.example/applications" in message.text


def test_the_bulgarian_notice_of_completion_reads_in_bulgarian():
    message = BOOK.render(facts("completed", document_id="D-77"), "bg")
    assert message.subject == "Услугата е изпълнена (7K3M-9QXP-4)"
    assert "Столична община изпълни услугата „Удостоверение за настоящ адрес“" in message.text
    assert "D-77" in message.text


def test_a_service_can_have_a_template_of_its_own():
    message = BOOK.render(facts("completed", service=2016), "bg")
    assert message.subject.startswith("Удостоверението ви е издадено")


def test_html_escapes_what_it_prints_and_text_does_not():
    message = BOOK.render(facts("refused", reasons=["Липсва <документ> & печат"]), "bg")
    assert "Липсва &lt;документ&gt; &amp; печат" in message.html
    assert "Липсва <документ> & печат" in message.text


def test_an_administrations_template_comes_before_the_platforms():
    own = BLOCKS.format(subject="Готово: {{ reference }}")
    for_every_service = {(0, "completed", "bg"): own}
    assert BOOK.render(facts("completed"), "bg", for_every_service).subject == "Готово: 7K3M-9QXP-4"
    for_another_service = {(2000, "completed", "bg"): own}
    assert BOOK.render(facts("completed"), "bg", for_another_service).subject.startswith("Услугата е изпълнена")


def test_a_missing_english_template_falls_back_to_bulgarian():
    own = (
        "{% block subject %}Само български{% endblock %}{% block text %}Т{% endblock %}{% block body %}Б{% endblock %}"
    )
    assert BOOK.render(facts("completed"), "en", {(0, "completed", "bg"): own}).subject == "Само български"


def test_an_administrations_template_runs_in_the_sandbox():
    escape = BLOCKS.format(subject="{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError):
        BOOK.check(escape, facts("completed"), "bg")


def test_a_template_without_its_blocks_or_with_bad_syntax_is_refused():
    with pytest.raises(TemplateError, match="no block body"):
        BOOK.check("{% block subject %}S{% endblock %}{% block text %}T{% endblock %}", facts("completed"), "bg")
    with pytest.raises(TemplateError, match="line 1"):
        BOOK.check("{% block subject %}{{ oops {% endblock %}", facts("completed"), "bg")
