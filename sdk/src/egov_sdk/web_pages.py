"""What the platform's server-rendered web applications (the citizen portal, the staff workspace)
share: the session's CSRF token, paths that may be returned to, the headers every page carries,
the language cookie, and the answer a page's check may raise instead of the page."""

from __future__ import annotations

import hmac
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from starlette.responses import RedirectResponse, Response

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fastapi import FastAPI
    from starlette.requests import Request

Language = Literal["bg", "en"]
LANGUAGES: tuple[Language, ...] = ("bg", "en")
"""Bulgarian first; English for those who do not read it."""
LANGUAGE_COOKIE = "lang"
LANGUAGE_COOKIE_MAX_AGE_S = 365 * 24 * 3600
_CSRF = "csrf"
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class PageAnswer(Exception):
    """Raised by a page's check (not logged in, not found) to answer with `response` instead; the
    application's exception handler (`page_answer`) sends it."""

    def __init__(self, response: Response):
        super().__init__(response.status_code)
        self.response = response


async def page_answer(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageAnswer)
    return exc.response


def day(value: object) -> str:
    """A date as Bulgarians write it (27.11.2026); anything else as it is."""
    found = _ISO_DAY.match(str(value))
    return f"{found[3]}.{found[2]}.{found[1]}" if found else str(value)


def csrf_token(request: Request) -> str:
    token = request.session.get(_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[_CSRF] = token
    return token


def csrf_valid(request: Request, sent: object) -> bool:
    expected = request.session.get(_CSRF)
    return isinstance(expected, str) and isinstance(sent, str) and hmac.compare_digest(expected, sent)


def local_path(target: str | None, fallback: str = "/") -> str:
    """`target` if it is a path on this site (never another site: no open redirect)."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


def private_page(response: Response) -> Response:
    """The headers of a page that shows personal data."""
    # NOTE: never kept by a shared cache or the browser's back-forward cache.
    response.headers["Cache-Control"] = "no-store"
    # NOTE: never inside another site's frame (clickjacking).
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    return response


def see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def language(value: str | None) -> Language:
    return "en" if value == "en" else "bg"


def translated(texts: Mapping[str, tuple[str, str]], key: str, lang: Language, **values: object) -> str:
    """`key`'s words (Bulgarian, English) in `lang`, with `%(name)s` filled from `values`."""
    bg, en = texts[key]
    chosen = bg if lang == "bg" else en
    return chosen % values if values else chosen


def choose_language(chosen: str, next_path: str | None) -> Response:
    """Back to the page the visitor was on, in the language chosen (kept in a cookie for a year)."""
    response = see_other(local_path(next_path))
    if chosen in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, chosen, max_age=LANGUAGE_COOKIE_MAX_AGE_S, secure=True, httponly=True, samesite="lax"
        )
    return response


LAYOUTS = Path(__file__).parent / "web_templates"
"""The page layout (`layout.html`) an application's `base.html` extends: give the templates'
loader this folder after the application's own."""
ASSETS = Path(__file__).parent / "web_assets"
"""The platform pages' shared style sheet (`egov.css`), mounted at `/assets`."""


def serve_pages(app: FastAPI, *, static: Path, session_key: str, cookie: str, max_age_s: int) -> None:
    """What an application of pages needs besides its routes: its static files at `/static`, the
    shared style sheet at `/assets`, pages' checks that answer instead of the page, and a signed
    session cookie."""
    from fastapi.staticfiles import StaticFiles
    from starlette.middleware.sessions import SessionMiddleware

    app.mount("/static", StaticFiles(directory=static), name="static")
    app.mount("/assets", StaticFiles(directory=ASSETS), name="assets")
    app.add_exception_handler(PageAnswer, page_answer)
    # NOTE: Secure and HttpOnly always; Lax so that the eID's redirect back carries the session.
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_key,
        session_cookie=cookie,
        max_age=max_age_s,
        same_site="lax",
        https_only=True,
    )
