"""What every portal page shares: templates in the citizen's language, the session (who is
logged in, the CSRF token), and the answers a page gives besides itself."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse, RedirectResponse

from egov_intake.domain.identity import Citizen
from egov_intake.entrypoints.portal.i18n import Language, language, text
from egov_sdk.web_pages import LANGUAGE_COOKIE, LAYOUTS, csrf_token, day, private_page

if TYPE_CHECKING:
    from starlette.requests import Request

TEMPLATES = Jinja2Templates(directory=[Path(__file__).parent / "templates", LAYOUTS])
TEMPLATES.env.filters["day"] = day
_CITIZEN = "citizen"


def lang_of(request: Request) -> Language:
    return language(request.cookies.get(LANGUAGE_COOKIE))


def citizen_of(request: Request) -> Citizen | None:
    data = request.session.get(_CITIZEN)
    return Citizen.from_session(data) if isinstance(data, dict) else None


def log_in(request: Request, citizen: Citizen, id_token: str) -> None:
    # NOTE: a new session at login: whatever was in the old one (a CSRF token seen before login) goes.
    request.session.clear()
    request.session[_CITIZEN] = citizen.as_session()
    request.session["id_token"] = id_token


def safe_filename(name: str) -> str:
    """An uploaded file's name without path separators or control characters, and not too long."""
    cleaned = "".join("_" if char in "/\\" or ord(char) < 0x20 else char for char in name).strip()
    return cleaned[:255] or "file"


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request)

    def t(key: str, **values: str) -> str:
        return text(key, lang, **values)

    # NOTE: a page answering a POST names the page to come back to (the language switch leads there).
    here = context.pop("here", None) or request.url.path + (f"?{request.url.query}" if request.url.query else "")
    response = TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "lang": lang,
            "t": t,
            "citizen": citizen_of(request),
            "csrf_token": csrf_token(request),
            "here": here,
            "switch_language": f"/language/{'en' if lang == 'bg' else 'bg'}?next={quote(here)}",
            **context,
        },
        status_code=status_code,
    )
    private_page(response)
    return response


def to_login(request: Request, minimum_level: str = "eid_low", next_path: str | None = None) -> RedirectResponse:
    """To the eID, and back to `next_path` (a page to GET; by default this one) once logged in."""
    back = next_path or request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/auth/login?next={quote(back)}&level={minimum_level}", status_code=303)


def not_found(request: Request) -> HTMLResponse:
    lang = lang_of(request)
    return message(request, 404, text("page_not_found", lang), text("not_found_text", lang))


def message(request: Request, status_code: int, title: str, body: str) -> HTMLResponse:
    return render(request, "message.html", status_code=status_code, title=title, message=body)


def expired(request: Request) -> HTMLResponse:
    """The answer to a form whose CSRF token is missing or not this session's."""
    lang = lang_of(request)
    return message(request, 400, text("error_summary", lang), text("session_expired", lang))
