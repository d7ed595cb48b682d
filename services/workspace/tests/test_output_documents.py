"""The output-document renderer: template choice, escaping, and the text of the rendered PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pypdf

from egov_workspace.adapters.output_documents import (
    DEFAULT_TEMPLATE,
    DocumentContent,
    Issuer,
    render_html,
    render_pdf,
    template_for,
)

ISSUER = Issuer(
    name_bg="Столична община",
    name_en="Sofia Municipality",
    eik="000696327",
    address="София 1000, ул. „Московска“ № 33",
    website="https://www.sofia.bg",
)
CONTENT = DocumentContent(
    document_id="OD-2026-000042",
    service=2020,
    title_bg="Заверен препис от личен регистрационен картон или семеен регистър",
    title_en="Certified copy of a personal registration card or family register page",
    issuer=ISSUER,
    reference="7K3M-9QXP-4",
    registration_number="СО-2026-000012",
    applicant_name="Иван Петров Иванов",
    represented="Примерна Фирма ЕООД (ЕИК 206543211)",
    body="Издава се препис от личния регистрационен картон.\n\nПреписът служи за пред съда.",
    issued_on=dt.date(2026, 11, 27),
    issued_by="Мария Георгиева",
    issued_by_role="началник отдел",
)


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    # NOTE: long lines wrap in the PDF; compare with whitespace collapsed.
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def test_the_pdf_carries_the_documents_cyrillic_text() -> None:
    pdf = render_pdf(CONTENT)

    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    for expected in (
        "Иван Петров Иванов",
        "Примерна Фирма ЕООД (ЕИК 206543211)",
        "Столична община",
        "Sofia Municipality",
        "Заверен препис от личен регистрационен картон или семеен регистър",
        "СО-2026-000012",
        "7K3M-9QXP-4",
        "27.11.2026",
        "Издава се препис от личния регистрационен картон.",
        "Мария Георгиева",
        "началник отдел",
        "OD-2026-000042",
        "Вярно с оригинала",
    ):
        assert expected in text


def test_the_pdf_is_a4() -> None:
    page = pypdf.PdfReader(io.BytesIO(render_pdf(CONTENT))).pages[0]

    # A4 in PDF points (1/72 in): 210 by 297 mm.
    assert round(float(page.mediabox.width)) == 595
    assert round(float(page.mediabox.height)) == 842


def test_a_service_with_a_template_uses_it() -> None:
    assert template_for(2020) == "2020.html"
    assert template_for(2) == "2.html"


def test_the_access_to_information_decision_cites_the_act() -> None:
    decision = dataclasses.replace(
        CONTENT,
        service=2,
        title_bg="Решение за предоставяне на достъп до обществена информация",
        title_en="Decision granting access to public information",
    )

    html = render_html(decision)

    assert "Закона за достъп до обществена информация" in html
    assert "Вярно с оригинала" not in html


def test_a_service_without_a_template_uses_the_default_and_renders() -> None:
    other = dataclasses.replace(
        CONTENT,
        service=999999,
        title_bg="Удостоверение за наследници",
        title_en="Certificate of heirs",
        issuer=dataclasses.replace(ISSUER, eik=None, address=None, website=None),
        registration_number=None,
        represented=None,
    )

    assert template_for(999999) == DEFAULT_TEMPLATE
    text = pdf_text(render_pdf(other))
    assert "Удостоверение за наследници" in text
    assert "ЕИК / UIC" not in text
    assert "Представлява" not in text
    assert "Вярно с оригинала" not in text


def test_the_body_is_escaped_never_interpreted() -> None:
    html = render_html(dataclasses.replace(CONTENT, body='<script>alert("x")</script> & <b>bold</b>'))

    assert "&lt;script&gt;" in html
    assert "<script>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_blank_lines_separate_paragraphs() -> None:
    body = "Първи абзац,\nвтори ред.\n\nВтори абзац.\n   \n\nТрети абзац."

    html = render_html(dataclasses.replace(CONTENT, body=body))

    body_div = re.search(r'<div class="body">(.*?)</div>', html, flags=re.DOTALL)
    assert body_div is not None
    paragraphs = re.findall(r"<p>(.*?)</p>", body_div.group(1), flags=re.DOTALL)
    assert paragraphs == ["Първи абзац,\nвтори ред.", "Втори абзац.", "Трети абзац."]
