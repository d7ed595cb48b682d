"""The citizen's payment page: what is owed, and two plain forms to pay by card or to decline.

Server-rendered, Bulgarian first with English beside it, no JavaScript. Every value is escaped.
NOTE: pay.egov's own page logs the citizen in through eAuth and offers real card processors and
bank transfer; the simulator's page is reached by the access code alone and pays at once.
"""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

from html import escape
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse

from egov_pay_egov_sim.ledger import PENDING_ONLY, Ledger, PaymentRequest, WrongStatus
from egov_pay_egov_sim.model import PaymentStatus

NOTICES = {
    "paid": "Плащането е прието. <span lang='en'>The payment was accepted.</span>",
    "canceled": "Отказахте плащането. <span lang='en'>You declined the payment.</span>",
    "unchanged": (
        "Нищо не беше променено: заявката вече не очаква плащане. "
        "<span lang='en'>Nothing was changed: the request no longer awaits payment.</span>"
    ),
}

_PAGE = """<!doctype html>
<html lang="bg">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Заявка за плащане / Payment request: pay.egov (симулатор)</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
dt {{ font-weight: bold; }} dd {{ margin: 0 0 .75rem 0; }}
.note {{ background: #fff4ce; padding: .5rem .75rem; }} [role=status] {{ background: #e6f4ea; padding: .5rem .75rem; }}
form {{ display: inline-block; margin-right: 1rem; }} button {{ font-size: 1rem; padding: .5rem 1rem; }}
</style>
</head>
<body>
<main>
<p class="note">Симулатор на pay.egov.bg: не се извършват истински плащания.
<span lang="en">A pay.egov.bg simulator: no real payment is made.</span></p>
<h1>Заявка за плащане <span lang="en">/ Payment request</span></h1>
{notice}
<dl>
<dt>Основание за плащане <span lang="en">(Reason)</span></dt><dd>{reason}</dd>
<dt>Сума <span lang="en">(Amount)</span></dt><dd>{amount} {currency}</dd>
<dt>Референтен номер <span lang="en">(Reference number)</span></dt><dd>{reference}</dd>
<dt>Състояние <span lang="en">(Status)</span></dt><dd>{label} <span lang="en">({status})</span></dd>
<dt>Срок за плащане <span lang="en">(Pay by)</span></dt><dd><time datetime="{expires}">{expires_text}</time></dd>
</dl>
{actions}
</main>
</body>
</html>
"""

_FORMS = """<form method="post" action="/pay/{code}/card">
<button type="submit">Плащане с карта <span lang="en">/ Pay by card</span></button>
</form>
<form method="post" action="/pay/{code}/cancel">
<button type="submit">Отказ <span lang="en">/ Cancel</span></button>
</form>"""

_CLOSED = (
    "<p>Тази заявка не може да бъде платена, защото е в състояние „{label}“. "
    "<span lang='en'>This request cannot be paid: its status is {status}.</span></p>"
)


def render(payment: PaymentRequest, notice: str | None) -> str:
    status = payment.status
    code = escape(quote(payment.access_code, safe=""))
    actions = (
        _FORMS.format(code=code)
        if status is PaymentStatus.PENDING
        else _CLOSED.format(label=escape(status.label), status=escape(status.wire_name))
    )
    data = payment.data
    return _PAGE.format(
        notice=f'<p role="status">{NOTICES[notice]}</p>' if notice in NOTICES else "",
        reason=escape(data.payment_reason),
        amount=escape(f"{data.payment_amount:.2f}"),
        currency=escape(data.currency),
        reference=escape(data.payment_reference_number),
        label=escape(status.label),
        status=escape(status.wire_name),
        expires=escape(data.expiration_date.isoformat(timespec="seconds")),
        expires_text=escape(data.expiration_date.strftime("%d.%m.%Y %H:%M UTC")),
        actions=actions,
    )


def page_router(ledger: Ledger) -> APIRouter:
    router = APIRouter(tags=["citizen's payment page"])

    def find(access_code: str) -> PaymentRequest:
        payment = ledger.by_access_code(access_code)
        if payment is None:
            raise PageNotFound
        return payment

    def act(access_code: str, target: PaymentStatus, done: str) -> RedirectResponse:
        payment = find(access_code)
        try:
            ledger.move(payment, target, PENDING_ONLY)
        except WrongStatus:
            done = "unchanged"
        return RedirectResponse(f"/pay/{quote(access_code, safe='')}?notice={done}", status_code=303)

    @router.get("/pay/{access_code}", response_class=HTMLResponse)
    async def payment_page(access_code: str, notice: str | None = None) -> HTMLResponse:
        return HTMLResponse(render(find(access_code), notice))

    @router.post("/pay/{access_code}/card", response_class=RedirectResponse, status_code=303)
    async def pay_by_card(access_code: str) -> RedirectResponse:
        """Pending → Paid. NOTE: pay.egov passes a card payment through Authorized (the processor's
        approval) before Paid (the money received); the simulator goes straight to Paid."""
        return act(access_code, PaymentStatus.PAID, "paid")

    @router.post("/pay/{access_code}/cancel", response_class=RedirectResponse, status_code=303)
    async def cancel(access_code: str) -> RedirectResponse:
        """Pending → Canceled: the citizen declines to pay."""
        return act(access_code, PaymentStatus.CANCELED, "canceled")

    return router


class PageNotFound(Exception):
    """No request has this access code (answered with a small 404 page)."""


NOT_FOUND_PAGE = """<!doctype html>
<html lang="bg"><head><meta charset="utf-8"><title>Няма такава заявка / No such request</title></head>
<body><main><h1>Няма заявка за плащане с този код.</h1>
<p lang="en">There is no payment request with this access code.</p></main></body></html>
"""
