"""What every workspace page shares: templates in the employee's language, the session (who is
logged in, the CSRF token), and the answers a page gives besides itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from egov_sdk.web_pages import (
    LANGUAGE_COOKIE,
    LAYOUTS,
    PageAnswer,
    csrf_token,
    csrf_valid,
    day,
    private_page,
    see_other,
)
from egov_workspace.domain.staff import StaffMember
from egov_workspace.entrypoints.i18n import Language, language, text

if TYPE_CHECKING:
    from starlette.requests import Request

    from egov_workspace.adapters.staff import StaffDirectory

TEMPLATES = Jinja2Templates(directory=[Path(__file__).parent / "templates", LAYOUTS])
TEMPLATES.env.filters["day"] = day
SOFIA = ZoneInfo("Europe/Sofia")


def local_time(value: dt.datetime, with_seconds: bool = False) -> str:
    """A moment as staff in Bulgaria read it: 27.11.2026 17:15, in Sofia's time."""
    return value.astimezone(SOFIA).strftime("%d.%m.%Y %H:%M:%S" if with_seconds else "%d.%m.%Y %H:%M")


TEMPLATES.env.filters["local_time"] = local_time
STATIC = Path(__file__).parent / "static"
_MEMBER = "member"
_FLASH = "flash"


def lang_of(request: Request) -> Language:
    return language(request.cookies.get(LANGUAGE_COOKIE))


def member_of(request: Request) -> StaffMember | None:
    data = request.session.get(_MEMBER)
    try:
        return StaffMember.from_session(data) if isinstance(data, dict) else None
    except (KeyError, ValueError):
        return None


def log_in(request: Request, member: StaffMember, id_token: str) -> None:
    # NOTE: a new session at login: whatever was in the old one (a CSRF token seen before login) goes.
    request.session.clear()
    request.session[_MEMBER] = member.as_session()
    request.session["id_token"] = id_token


async def current_member(request: Request) -> StaffMember | None:
    """The employee logged in, as the staff directory has them now: a role changed since the login
    applies at once, and someone removed (or moved to another administration) is logged out."""
    kept = member_of(request)
    if kept is None:
        return None
    directory: StaffDirectory = request.app.state.staff
    member = await directory.member(kept.person)
    if member is None or member.administration_id != kept.administration_id:
        request.session.clear()
        return None
    if member != kept:
        request.session[_MEMBER] = member.as_session()
    return member


async def signed_in(request: Request) -> StaffMember:
    """The employee logged in, or (raised) the way to the login."""
    member = await current_member(request)
    if member is None:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise PageAnswer(see_other(f"/auth/login?next={quote(here)}"))
    return member


async def checked_form(request: Request, sent_token: object) -> StaffMember:
    """The employee posting a form, once its CSRF token is this session's."""
    member = await signed_in(request)
    if not csrf_valid(request, sent_token):
        raise PageAnswer(expired(request))
    return member


def expired(request: Request) -> HTMLResponse:
    """The answer to a form whose CSRF token is missing or not this session's."""
    lang = lang_of(request)
    return message(request, 400, text("error_summary", lang), text("session_expired", lang))


def flash(request: Request, key: str, **values: object) -> None:
    """A message shown once, on the next page (what an action did)."""
    request.session[_FLASH] = [key, {name: str(value) for name, value in values.items()}]


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request)

    def t(key: str, **values: object) -> str:
        return text(key, lang, **values)

    shown = request.session.pop(_FLASH, None)
    here = context.pop("here", None) or request.url.path + (f"?{request.url.query}" if request.url.query else "")
    response = TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "lang": lang,
            "t": t,
            "member": member_of(request),
            "csrf_token": csrf_token(request),
            "here": here,
            "flash": text(shown[0], lang, **shown[1]) if isinstance(shown, list) and len(shown) == 2 else None,
            "switch_language": f"/language/{'en' if lang == 'bg' else 'bg'}?next={quote(here)}",
            **context,
        },
        status_code=status_code,
    )
    private_page(response)
    return response


def message(request: Request, status_code: int, title: str, body: str) -> HTMLResponse:
    return render(request, "message.html", status_code=status_code, title=title, message=body)


def not_found(request: Request) -> HTMLResponse:
    lang = lang_of(request)
    return message(request, 404, text("page_not_found", lang), text("not_found_text", lang))
