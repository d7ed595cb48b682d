"""The citizen's payment page: what it shows, paying by card, declining, and what cannot be done."""

import httpx

from egov_pay_egov_sim import envelope
from egov_pay_egov_sim.testing import Ais, eventually


async def test_the_page_shows_the_request_escaped_in_bulgarian_and_english(ais: Ais, http: httpx.AsyncClient) -> None:
    receipt = await ais.register(PaymentReason='Такса <script>alert("x")</script> & още', PaymentAmount=12.5)
    page = await http.get(f"/pay/{receipt['AccessCode']}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="bg">' in html
    assert "<script>" not in html
    assert "Такса &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; още" in html
    assert "12.50 BGN" in html
    assert "SOF-2026-000123" in html
    assert "Очаква плащане" in html
    assert f'action="/pay/{receipt["AccessCode"]}/card"' in html
    assert "Плащане с карта" in html
    assert "Pay by card" in html


async def test_paying_by_card_makes_the_request_paid_and_sends_a_signed_callback(
    ais: Ais, http: httpx.AsyncClient
) -> None:
    receipt = await ais.register()
    response = await http.post(f"/pay/{receipt['AccessCode']}/card")
    assert response.status_code == 303
    assert response.headers["location"] == f"/pay/{receipt['AccessCode']}?notice=paid"
    assert await ais.status(receipt["Id"]) == "Paid"
    await eventually(lambda: len(ais.receiver.received) == 1)
    callback = ais.receiver.received[0]
    assert callback["ClientId"] == "egov-platform"
    assert envelope.verify(ais.secret, callback["Data"], callback["Hmac"])
    payload = envelope.decode(callback["Data"])
    assert payload["Id"] == receipt["Id"]
    assert payload["Status"] == "Paid"
    assert "Получено плащане" in (await http.get(response.headers["location"])).text


async def test_declining_cancels_and_a_canceled_request_cannot_then_be_paid(ais: Ais, http: httpx.AsyncClient) -> None:
    receipt = await ais.register()
    declined = await http.post(f"/pay/{receipt['AccessCode']}/cancel")
    assert declined.headers["location"].endswith("?notice=canceled")
    assert await ais.status(receipt["Id"]) == "Canceled"
    retried = await http.post(f"/pay/{receipt['AccessCode']}/card")
    assert retried.status_code == 303
    assert retried.headers["location"].endswith("?notice=unchanged")
    assert await ais.status(receipt["Id"]) == "Canceled"
    page = (await http.get(retried.headers["location"])).text
    assert "Нищо не беше променено" in page
    assert "не може да бъде платена" in page
    assert "/card" not in page
    await eventually(lambda: len(ais.receiver.received) == 1)
    assert [payload["Status"] for payload in ais.receiver.payloads()] == ["Canceled"]


async def test_an_unknown_access_code_is_not_found(http: httpx.AsyncClient) -> None:
    assert (await http.get("/pay/NO-SUCH-CODE")).status_code == 404
    assert (await http.post("/pay/NO-SUCH-CODE/card")).status_code == 404
