"""The Dp-Miscinfo header: parsed strictly; missing or malformed is 401, an unknown OID 403."""

import httpx
import pytest

from egov_e_delivery_sim import miscinfo
from egov_e_delivery_sim.problems import MEDIA_TYPE
from egov_e_delivery_sim.settings import LOCAL_SENDER_OID
from egov_e_delivery_sim.testing import dp_miscinfo


def test_a_well_formed_header_names_the_system_and_the_represented_person() -> None:
    caller = miscinfo.parse(dp_miscinfo("2.16.100.1.1.1.1.99", "7501010010", cn="egov.example.bg"))
    assert caller == miscinfo.Caller(
        oid="2.16.100.1.1.1.1.99",
        cn="egov.example.bg",
        represented_person_id="7501010010",
        correspondent_oid=None,
        operator_id=None,
    )


def test_the_esb_documents_own_example_without_a_locality_is_read() -> None:
    header = "dn:/C=BG/ST=OID:2.16.100.1.1.1.1.13/CN=ciela.com|representedPersonID:|correspondentOID:|operatorID:"
    caller = miscinfo.parse(header)
    assert (caller.oid, caller.cn, caller.represented_person_id) == ("2.16.100.1.1.1.1.13", "ciela.com", None)


def test_correspondent_and_operator_are_kept() -> None:
    header = (
        "dn:/C=BG/ST=OID:2.16.100.1.1.1.1.13/L=BG/CN=ciela.com"
        "|representedPersonID:|correspondentOID:2.16.100.1.1.1.1.7|operatorID:8001010011"
    )
    caller = miscinfo.parse(header)
    assert (caller.correspondent_oid, caller.operator_id) == ("2.16.100.1.1.1.1.7", "8001010011")


@pytest.mark.parametrize("header", [None, "", "   "])
def test_a_missing_header_is_refused(header: str | None) -> None:
    with pytest.raises(miscinfo.MalformedMiscinfo, match="required"):
        miscinfo.parse(header)


@pytest.mark.parametrize(
    "header",
    [
        "2.16.100.1.1.1.1.99",
        "dn:/C=BG/ST=OID:2.16.100.1.1.1.1.99/L=BG/CN=x",
        "dn:/C=BG/ST=OID:2.16.100.1.1.1.1.99/L=BG/CN=x|representedPersonID:|operatorID:",
        "dn:/C=BG/ST=OID:2.16.100.1.1.1.1.99/L=BG/CN=x|correspondentOID:|representedPersonID:|operatorID:",
        "dn:/C=BG/ST=OID:2.16.100.1.1.1.1.99/L=BG/CN=x|representedPersonID:|correspondentOID:|operatorID:|extra:",
        "dn:/C=DE/ST=OID:2.16.100.1.1.1.1.99/L=BG/CN=x|representedPersonID:|correspondentOID:|operatorID:",
        "dn:/C=BG/ST=OID:not-an-oid/L=BG/CN=x|representedPersonID:|correspondentOID:|operatorID:",
        "dn:/C=BG/ST=OID:2.16.100.1.1.1.1.99/L=BG/CN=|representedPersonID:|correspondentOID:|operatorID:",
        "dn:/C=BG/ST=OID:2.16.100.1.1.1.1.99/L=BG/CN=x|representedPersonID:Иван|correspondentOID:|operatorID:",
        "dn:/C=BG/ST=OID:2.16.100.1.1.1.1.99/L=BG/CN=x|representedPersonID:123|correspondentOID:|operatorID:",
        "dn:/C=BG/ST=OID:2.16.100.1.1.1.1.99/L=BG/CN=x|representedPersonID:|correspondentOID:abc|operatorID:",
    ],
)
def test_a_malformed_header_is_refused(header: str) -> None:
    with pytest.raises(miscinfo.MalformedMiscinfo):
        miscinfo.parse(header)


async def test_a_call_without_the_header_is_unauthorized(http: httpx.AsyncClient) -> None:
    response = await http.get("/api/v1/templates")
    assert response.status_code == 401
    assert response.headers["content-type"] == MEDIA_TYPE
    body = response.json()
    assert (body["status"], body["title"]) == (401, "Unauthorized")
    assert body["type"] == "https://tools.ietf.org/html/rfc9110#section-15.5.2"
    assert "Dp-Miscinfo" in body["detail"]


async def test_a_malformed_header_is_unauthorized_even_with_a_bad_body(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/api/v1/messages", content=b"{not json", headers={"Dp-Miscinfo": f"OID:{LOCAL_SENDER_OID}"}
    )
    assert response.status_code == 401
    assert response.json()["status"] == 401


async def test_an_oid_that_is_not_a_sender_is_forbidden(http: httpx.AsyncClient) -> None:
    response = await http.get("/api/v1/templates", headers={"Dp-Miscinfo": dp_miscinfo("2.16.100.9.9")})
    assert response.status_code == 403
    body = response.json()
    assert body["title"] == "Forbidden"
    assert "2.16.100.9.9" in body["detail"]


async def test_a_registered_sender_is_let_in(http: httpx.AsyncClient) -> None:
    response = await http.get("/api/v1/target-groups", headers={"Dp-Miscinfo": dp_miscinfo(LOCAL_SENDER_OID)})
    assert response.status_code == 200
    assert response.json()[:3] == [
        {"targetGroupId": 1, "name": "Физически лица", "canSelectRecipients": False},
        {"targetGroupId": 2, "name": "Юридически лица", "canSelectRecipients": False},
        {"targetGroupId": 3, "name": "Публична администрация", "canSelectRecipients": True},
    ]
