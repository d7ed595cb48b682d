"""Output documents: the PDF a member of staff issues when completing an application.

The document is rendered from an HTML template per service (`document_templates/<iisda>.html`,
else `default.html`; the per-service ones extend the default and fill its blocks) with Jinja2,
then laid out as an A4 PDF by WeasyPrint. It is bilingual: Bulgarian first, English below.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]

TEMPLATES = Path(__file__).resolve().parent / "document_templates"
DEFAULT_TEMPLATE = "default.html"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Issuer:
    """The administration issuing the document."""

    name_bg: str
    name_en: str
    eik: str | None
    address: str | None
    website: str | None


@dataclass(frozen=True)
class DocumentContent:
    """Everything an output document shows; `body` is the clerk's plain text, never HTML."""

    document_id: str
    service: int
    title_bg: str
    title_en: str
    issuer: Issuer
    reference: str
    registration_number: str | None
    applicant_name: str
    represented: str | None
    body: str
    issued_on: dt.date
    issued_by: str
    issued_by_role: str


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def template_for(service: int) -> str:
    """The template file the service's documents use: its own if there is one, else the default."""
    own = f"{service}.html"
    return own if (TEMPLATES / own).is_file() else DEFAULT_TEMPLATE


def _paragraphs(body: str) -> list[str]:
    return [part.strip() for part in _BLANK_LINE.split(body.replace("\r\n", "\n")) if part.strip()]


def render_html(content: DocumentContent) -> str:
    """The document as HTML, every value escaped."""
    template = _environment().get_template(template_for(content.service))
    return template.render(
        doc=content,
        paragraphs=_paragraphs(content.body),
        issued_on=content.issued_on.strftime("%d.%m.%Y"),
    )


def render_pdf(content: DocumentContent) -> bytes:
    """The document as an A4 PDF.

    CPU-bound (a fraction of a second to lay out and embed the fonts): async callers run it in a
    thread (`await asyncio.to_thread(render_pdf, content)`), not on the event loop.
    """
    # NOTE: the templates are self-contained and fonts come from fontconfig, so no URL is ever
    # needed; a fetcher that allows no protocol keeps a template mistake from reaching the network.
    document = HTML(
        string=render_html(content),
        base_url=str(TEMPLATES),
        url_fetcher=URLFetcher(allowed_protocols=()),
    )
    pdf: bytes = document.write_pdf()
    return pdf
