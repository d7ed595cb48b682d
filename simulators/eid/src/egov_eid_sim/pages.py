"""The simulator's HTML: the login page, the error page and the logged-out page.

Server-rendered, Bulgarian first with English beside it, no JavaScript. Every value is escaped.
"""

from __future__ import annotations

from html import escape

from egov_eid_sim.assurance import DESCRIPTIONS, LEVELS, meets
from egov_eid_sim.identities import IDENTITIES

_PAGE = """<!doctype html>
<html lang="bg">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: Електронна идентификация (симулатор)</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
.note {{ background: #fff4ce; padding: .5rem .75rem; }}
.error {{ border-left: .3rem solid #b00020; padding: .5rem .75rem; }}
fieldset {{ margin: 1rem 0; }} label {{ display: block; padding: .2rem 0; }}
button {{ font-size: 1rem; padding: .4rem .8rem; margin-right: .5rem; }}
</style>
</head>
<body>
<main>
<p class="note">Симулатор на националната електронна идентификация: лицата са измислени.
<span lang="en">A simulator of the national eID: the people are made up.</span></p>
{content}
</main>
</body>
</html>
"""

_LOGIN = """<h1>Вход с електронна идентичност <span lang="en">/ Log in with eID</span></h1>
<p>Услугата <strong>{client}</strong> иска да ви идентифицира.
<span lang="en">The service <strong>{client}</strong> asks who you are.</span></p>
{problem}
<form method="post" action="{action}">
<input type="hidden" name="csrf_token" value="{csrf_token}">
<fieldset>
<legend>Лице <span lang="en">/ Person</span></legend>
{people}
</fieldset>
<fieldset>
<legend>Ниво на осигуреност <span lang="en">/ Level of assurance</span></legend>
{levels}
</fieldset>
<button type="submit" name="action" value="login">Вход <span lang="en">/ Log in</span></button>
<button type="submit" name="action" value="cancel" formnovalidate>Отказ <span lang="en">/ Cancel</span></button>
</form>"""

_RADIO = '<label><input type="radio" name="{name}" value="{value}" required{checked}{disabled}> {text}</label>'


def login_page(client_id: str, action: str, csrf_token: str, minimum: str, problem: str | None = None) -> str:
    people = "\n".join(
        _RADIO.format(
            name="identity",
            value=escape(person.key),
            checked="",
            disabled="",
            text=f"{escape(person.name)} ({escape(person.description)}), ЕГН <span lang='en'>/ EGN</span> {person.egn}",
        )
        for person in IDENTITIES
    )
    levels = "\n".join(
        _RADIO.format(
            name="acr",
            value=level,
            checked=" checked" if level == minimum else "",
            disabled="" if meets(level, minimum) else " disabled",
            text=escape(DESCRIPTIONS[level])
            + ("" if meets(level, minimum) else " (не стига за услугата <span lang='en'>/ not enough here</span>)"),
        )
        for level in LEVELS
    )
    content = _LOGIN.format(
        client=escape(client_id),
        problem=f'<p class="error" role="alert">{escape(problem)}</p>' if problem else "",
        action=escape(action),
        csrf_token=escape(csrf_token),
        people=people,
        levels=levels,
    )
    return _PAGE.format(title="Вход / Log in", content=content)


def error_page(description: str) -> str:
    content = (
        "<h1>Заявката за вход е невалидна <span lang='en'>/ The login request is invalid</span></h1>"
        f'<p class="error" role="alert">{escape(description)}</p>'
        "<p>Върнете се в услугата и опитайте отново. <span lang='en'>Go back to the service and try again.</span></p>"
    )
    return _PAGE.format(title="Грешка / Error", content=content)


def logged_out_page() -> str:
    content = "<h1>Излязохте <span lang='en'>/ You are logged out</span></h1>"
    return _PAGE.format(title="Изход / Logged out", content=content)
