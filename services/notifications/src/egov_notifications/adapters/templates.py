"""Notice templates (Jinja2): the platform's own, per language, state and service, and the ones an
administration writes over them.

A template holds four blocks: `subject`, `text` (the e-mail's plain part), `body` (the HTML part,
placed in the platform's layout) and `sms`. The first found of these is used:
1. the administration's template for the service, then its template for every service;
2. the platform's template for the service (`<language>/services/<iisda>/<state>.j2`), then
   for the state (`<language>/<state>.j2`);
and all of it in the citizen's language first, then in Bulgarian.

Administrations' templates are run in Jinja2's sandbox: they are data, written by people outside
the platform's team, so they may read the variables given and nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from egov_notifications.domain.outcome import Message
from egov_sdk.clock import BULGARIA

if TYPE_CHECKING:
    from collections.abc import Mapping

    from egov_schemas.notifications import Language

BUILT_IN = Path(__file__).resolve().parent.parent / "templates"
BLOCKS = ("subject", "text", "body", "sms")
REQUIRED_BLOCKS = ("subject", "text", "body")
EVERY_SERVICE = 0
"""The `service` of an administration's template that applies to all its services."""


@dataclass(frozen=True)
class NoticeFacts:
    """What a notice says, none of it personal: the lifecycle event and the catalog's names."""

    state: str
    reference: str
    service: int
    service_name: str
    administration_name: str
    follow_url: str
    details: Mapping[str, Any]


class TemplateError(ValueError):
    """An administration's template that does not compile or does not render."""


def _date(value: object) -> str:
    """Dates as Bulgarians write them: 27.11.2026."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, dt.datetime):
        value = value.astimezone(BULGARIA).date()
    return value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else str(value)


def _money(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, int | float) else str(value)


_LONGEST_RANGE = 1000
_LONGEST_REPEAT = 10_000


class _Bounded(SandboxedEnvironment):
    """The sandbox, and no way for a template to make the process work or allocate without end:
    no powers, repetition of text and lists only so far, ranges only so long."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            raise SecurityError("powers are not allowed in templates")
        repeated = left if isinstance(right, int) else right
        times = right if isinstance(right, int) else left
        if isinstance(repeated, str | list | tuple) and isinstance(times, int) and times > _LONGEST_REPEAT:
            raise SecurityError(f"a repetition of more than {_LONGEST_REPEAT} is not allowed in templates")
        return super().call_binop(context, operator, left, right)


def _range(*bounds: int) -> range:
    values = range(*bounds)
    if len(values) > _LONGEST_RANGE:
        raise SecurityError(f"a range of more than {_LONGEST_RANGE} is not allowed in templates")
    return values


def _environment(*, autoescape: bool, loader: jinja2.BaseLoader | None = None) -> SandboxedEnvironment:
    env = _Bounded(loader=loader, autoescape=autoescape, undefined=jinja2.ChainableUndefined)
    env.filters["date"] = _date
    env.filters["money"] = _money
    env.globals["range"] = _range
    return env


class TemplateBook:
    def __init__(self, directory: Path = BUILT_IN):
        loader = jinja2.FileSystemLoader(directory)
        # NOTE: one source, two environments: HTML escapes what it prints, plain text and SMS must not.
        self._text = _environment(autoescape=False, loader=loader)
        self._html = _environment(autoescape=True, loader=loader)
        self._layout = self._html.get_template("_layout.html.j2")

    def render(
        self, facts: NoticeFacts, language: Language, overrides: Mapping[tuple[int, str, str], str] | None = None
    ) -> Message:
        """The notice in `language` (or Bulgarian, where nothing is written in it); `overrides`
        are the administration's templates by (service or EVERY_SERVICE, state, language)."""
        variables = self._variables(facts, language)
        for lang in dict.fromkeys((language, "bg")):
            for service in (facts.service, EVERY_SERVICE):
                source = (overrides or {}).get((service, facts.state, lang))
                if source is not None:
                    return self._render(self._text.from_string(source), self._html.from_string(source), variables)
        for lang in dict.fromkeys((language, "bg")):
            for name in (f"{lang}/services/{facts.service}/{facts.state}.j2", f"{lang}/{facts.state}.j2"):
                try:
                    text, html = self._text.get_template(name), self._html.get_template(name)
                except jinja2.TemplateNotFound:
                    continue
                return self._render(text, html, variables)
        raise LookupError(f"no template for the state {facts.state}")

    def check(self, source: str, facts: NoticeFacts, language: Language) -> Message:
        """Compile and render an administration's template on sample facts, and on facts with no
        details at all (a state's event may carry none); TemplateError if it fails."""
        try:
            text, html = self._text.from_string(source), self._html.from_string(source)
            missing = [block for block in REQUIRED_BLOCKS if block not in text.blocks]
            if missing:
                raise TemplateError(f"the template has no block {', '.join(missing)}")
            self._render(text, html, self._variables(dataclasses.replace(facts, details={}), language))
            message = self._render(text, html, self._variables(facts, language))
        except TemplateError:
            raise
        except jinja2.TemplateError as exc:
            where = f" (line {exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
            raise TemplateError(f"{exc.message or type(exc).__name__}{where}") from exc
        except Exception as exc:  # NOTE: whatever a template's expression raises (1/0, a bad filter argument)
            raise TemplateError(f"the template fails: {type(exc).__name__}: {exc}"[:300]) from exc
        if not message.subject:
            raise TemplateError("the subject is empty")
        return message

    def _variables(self, facts: NoticeFacts, language: Language) -> dict[str, Any]:
        return {
            "language": language,
            "state": facts.state,
            "reference": facts.reference,
            "service": facts.service,
            "service_name": facts.service_name,
            "administration_name": facts.administration_name,
            "follow_url": facts.follow_url,
            "details": facts.details,
        }

    def _render(self, text: jinja2.Template, html: jinja2.Template, variables: dict[str, Any]) -> Message:
        def block(template: jinja2.Template, name: str) -> str:
            render = template.blocks.get(name)
            return "".join(render(template.new_context(variables))).strip() if render else ""

        # NOTE: a subject is one line, whatever the template does (a header cannot hold a newline).
        subject = " ".join(block(text, "subject").split())
        body = Markup(block(html, "body"))  # noqa: S704 - rendered by the autoescaping environment
        page = self._layout.render(
            language=variables["language"],
            subject=subject,
            administration_name=variables["administration_name"],
            content=body,
        )
        sms = " ".join(block(text, "sms").split()) or f"{subject} {variables['follow_url']}"
        return Message(subject=subject, text=block(text, "text") + "\n", html=page, sms=sms)
