"""pay.egov's AIS API: registration receipts, statuses, access codes, suspension and the envelope checks."""

import datetime as dt

import httpx

from egov_pay_egov_sim import envelope
from egov_pay_egov_sim.testing import Ais, eventually

REGISTER = "/api/v1/eService/paymentJsonExtended"


async def test_a_valid_order_is_registered_pending_with_an_access_code(ais: Ais) -> None:
    receipt = await ais.register()
    assert receipt["Id"]
    assert len(receipt["AccessCode"]) == 10
    assert dt.datetime.fromisoformat(receipt["RegistrationTime"]).tzinfo is not None
    assert await ais.status(receipt["Id"]) == "Pending"
    code = await ais.call("/api/v1/eService/accessCode", {"id": receipt["Id"]})
    assert code.json() == {"AccessCode": receipt["AccessCode"]}


async def test_an_invalid_order_is_refused_naming_each_invalid_field(ais: Ais) -> None:
    order = ais.order(
        PaymentAmount=0,
        PaymentReason="x" * 201,
        Currency="USD",
        ApplicantUin=...,
        PaymentReferenceNumber="R" * 51,
        PaymentReferenceType="10",
        ExpirationDate=(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)).isoformat(),
        AdministrativeServiceNotificationURL="ftp://example.org/x",
    )
    response = await ais.call(REGISTER, order)
    assert response.status_code == 200
    body = response.json()
    assert body["AcceptedReceiptJson"]["Id"] is None
    errors = body["UnacceptedReceiptJson"]["Errors"]
    named = {
        "PaymentAmount",
        "PaymentReason",
        "Currency",
        "ApplicantUin",
        "PaymentReferenceNumber",
        "PaymentReferenceType",
        "ExpirationDate",
        "AdministrativeServiceNotificationURL",
    }
    assert {name for name in named if any(f"'{name}'" in error for error in errors)} == named
    assert len(errors) == len(named)
    assert "Element 'ApplicantUin' is required." in errors


async def test_the_administrations_client_is_taken_from_the_form_as_pay_egov_does_or_from_the_data(ais: Ais) -> None:
    refused = await ais.call(REGISTER, ais.order(EserviceClientId=...))
    assert any("'EserviceClientId'" in error for error in refused.json()["UnacceptedReceiptJson"]["Errors"])
    accepted = await ais.call(REGISTER, ais.order(EserviceClientId=...), EserviceClientId="sofia-municipality")
    assert accepted.json()["UnacceptedReceiptJson"] is None
    request_id = accepted.json()["AcceptedReceiptJson"]["Id"]
    stored = (await ais.http.get(f"/simulator/payments/{request_id}")).json()
    assert stored["eservice_client_id"] == "sofia-municipality"
    assert stored["client_id"] == "egov-platform"


async def test_an_unknown_client_or_a_forged_hmac_is_unauthorized(ais: Ais) -> None:
    unknown = await ais.call(REGISTER, ais.order(), client_id="nobody")
    assert unknown.status_code == 401
    assert "nobody" in unknown.json()["Message"]
    sealed = envelope.seal("egov-platform", "a guessed secret", ais.order())
    forged = await ais.http.post(REGISTER, data=sealed)
    assert forged.status_code == 401
    assert "hmac" in forged.json()["Message"]


async def test_a_missing_field_or_unreadable_data_is_a_bad_request(ais: Ais) -> None:
    missing = await ais.http.post(REGISTER, data={"clientId": "egov-platform", "data": envelope.encode({})})
    assert missing.status_code == 400
    data = "bm90IGpzb24="  # base64 of "not json", correctly signed
    unreadable = await ais.http.post(
        REGISTER, data={"clientId": "egov-platform", "hmac": envelope.sign(ais.secret, data), "data": data}
    )
    assert unreadable.status_code == 400
    assert "parse data" in unreadable.json()["Message"]


async def test_statuses_are_given_only_for_the_callers_requests(ais: Ais) -> None:
    mine = await ais.register()
    theirs = await ais.call(REGISTER, ais.order(), client_id="other-ais")
    their_id = theirs.json()["AcceptedReceiptJson"]["Id"]
    response = await ais.call("/api/v1/eService/paymentsStatus", {"requestIds": [mine["Id"], their_id, "unknown"]})
    assert [item["Id"] for item in response.json()["PaymentStatuses"]] == [mine["Id"]]
    refused = await ais.call("/api/v1/eService/accessCode", {"id": their_id})
    assert refused.status_code == 400


async def test_only_a_pending_or_canceled_request_can_be_suspended(ais: Ais, http: httpx.AsyncClient) -> None:
    pending, canceled, paid = await ais.register(), await ais.register(), await ais.register()
    await http.post(f"/pay/{canceled['AccessCode']}/cancel")
    await http.post(f"/pay/{paid['AccessCode']}/card")
    for receipt in (pending, canceled):
        response = await ais.call("/api/v1/eService/suspendRequest", {"id": receipt["Id"]})
        assert response.status_code == 200, response.text
        assert await ais.status(receipt["Id"]) == "Suspended"
    refused = await ais.call("/api/v1/eService/suspendRequest", {"id": paid["Id"]})
    assert refused.status_code == 400
    assert "'Paid'" in refused.json()["Message"]
    assert await ais.status(paid["Id"]) == "Paid"
    await eventually(
        lambda: {(p["Id"], p["Status"]) for p in ais.receiver.payloads()} >= {(pending["Id"], "Suspended")}
    )


async def test_the_same_ais_payment_id_replaces_a_pending_request_and_is_refused_once_paid(
    ais: Ais, http: httpx.AsyncClient
) -> None:
    first = await ais.register(AisPaymentId="fee-1", PaymentReason="Първо основание")
    again = await ais.register(AisPaymentId="fee-1", PaymentReason="Второ основание")
    assert again["Id"] == first["Id"]
    stored = (await http.get(f"/simulator/payments/{first['Id']}")).json()
    assert stored["request"]["PaymentReason"] == "Второ основание"
    await http.post(f"/pay/{first['AccessCode']}/card")
    refused = await ais.call(REGISTER, ais.order(AisPaymentId="fee-1"))
    assert "'Paid'" in refused.json()["UnacceptedReceiptJson"]["Errors"][0]


async def test_the_ais_hands_the_citizen_over_to_the_payment_page(ais: Ais) -> None:
    receipt = await ais.register()
    response = await ais.call("/Ais/PaymentOrder", {"Id": receipt["Id"]})
    assert response.status_code == 303
    assert response.headers["location"] == f"/pay/{receipt['AccessCode']}"
