"""The simulator's page: what it answers, the rules of its made-up data, and the calls received,
newest first (personal numbers masked).

Server-rendered, Bulgarian first with English beside it, no JavaScript. Every value is escaped.
"""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

from html import escape

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from egov_regix_sim.calls import Call, Calls
from egov_regix_sim.operations import OPERATIONS

SHOWN_CALLS = 200

_PAGE = """<!doctype html>
<html lang="bg">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>RegiX (симулатор) / RegiX simulator</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
.note {{ background: #fff4ce; padding: .5rem .75rem; }}
table {{ border-collapse: collapse; width: 100%; }} caption {{ text-align: left; font-weight: bold; }}
th, td {{ border-bottom: 1px solid #ccc; padding: .4rem; text-align: left; vertical-align: top; }}
code {{ overflow-wrap: anywhere; }}
</style>
</head>
<body>
<main>
<p class="note">Симулатор на RegiX: данните са измислени по идентификатора, не са на истински лица.
<span lang="en">A RegiX simulator: the data is made up from the identifier, no real person's.</span></p>
<h1>RegiX (симулатор) <span lang="en">/ RegiX simulator</span></h1>
<p>SOAP 1.1: <code>POST /RegiXEntryPoint.svc</code>,
WSDL: <a href="/RegiXEntryPoint.svc?wsdl">/RegiXEntryPoint.svc?wsdl</a></p>
<h2>Операции <span lang="en">/ Operations</span></h2>
<ul>
{operations}
</ul>
<h2>Правила за данните <span lang="en">/ Rules of the data</span></h2>
<ul>
<li>ЕГН, завършващо на 0000, не е намерено. <span lang="en">An EGN ending in 0000 is not found.</span></li>
<li>Родените преди 1940 г. са починали. <span lang="en">People born before 1940 are dead.</span></li>
<li>Един от десет валидни ЕИК не е вписан. <span lang="en">One valid EIK in ten is not registered.</span></li>
<li>Едно от три лица има задължения към НАП. <span lang="en">One in three owes the NRA.</span></li>
</ul>
<h2>Получени заявки <span lang="en">/ Calls received</span></h2>
{calls}
</main>
</body>
</html>
"""

_TABLE = """<table>
<caption>Заявки: {count} <span lang="en">(calls, newest first)</span></caption>
<thead><tr>
<th scope="col">Получена <span lang="en">(Received)</span></th>
<th scope="col">Операция <span lang="en">(Operation)</span></th>
<th scope="col">Правно основание <span lang="en">(Law reason)</span></th>
<th scope="col">Услуга <span lang="en">(Service URI)</span></th>
<th scope="col">Администрация <span lang="en">(Administration)</span></th>
<th scope="col">Резултат <span lang="en">(Outcome)</span></th>
</tr></thead>
<tbody>
{rows}
</tbody>
</table>"""

_EMPTY = "<p>Няма получени заявки. <span lang='en'>No calls received.</span></p>"


def _cell(value: str | None) -> str:
    return escape(value or "—")


def _row(call: Call) -> str:
    outcome = f"грешка / fault: {call.fault}" if call.fault else "отговор / answered"
    at = call.received_at
    return (
        f'<tr><td><time datetime="{escape(at.isoformat(timespec="seconds"))}">'
        f"{escape(at.strftime('%d.%m.%Y %H:%M:%S UTC'))}</time></td>"
        f"<td>{_cell(call.action)}<br><code>{_cell(call.operation)}</code></td>"
        f"<td>{_cell(call.call_context.get('law_reason'))}</td>"
        f"<td>{_cell(call.call_context.get('service_uri'))}</td>"
        f"<td>{_cell(call.call_context.get('administration_name'))}</td>"
        f"<td>{escape(outcome)}</td></tr>"
    )


def render(calls: list[Call]) -> str:
    operations = "\n".join(
        f"<li>{escape(operation.title)}<br><code>{escape(operation.name)}</code></li>"
        for operation in OPERATIONS.values()
    )
    shown = calls[:SHOWN_CALLS]
    content = _TABLE.format(count=len(calls), rows="\n".join(_row(call) for call in shown)) if calls else _EMPTY
    return _PAGE.format(operations=operations, calls=content)


def page_router(calls: Calls) -> APIRouter:
    router = APIRouter(tags=["page"])

    @router.get("/", response_class=HTMLResponse)
    async def page() -> HTMLResponse:
        return HTMLResponse(render(calls.calls()))

    return router
