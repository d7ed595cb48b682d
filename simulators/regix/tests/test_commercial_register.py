"""The Commercial Register's actual state (GetActualStateV3): RegiX's ActualStateResponseV3 shape,
traders made up from the EIK, one valid EIK in ten not registered."""

import datetime as dt

import pytest
import zeep
from lxml import etree

from egov_regix_sim.companies import registered
from egov_regix_sim.testing import known_eik, unknown_eik

ACTUAL_STATE = "TechnoLogica.RegiX.AVTRAdapter.APIService.ITRAPI.GetActualStateV3"
REQUEST = "{http://egov.bg/RegiX/AV/TR/ActualStateRequestV3}ActualStateRequestV3"
RESPONSE = "http://egov.bg/RegiX/AV/TR/ActualStateResponseV3"
DEED = "http://egov.bg/RegiX/AV/TR/SubdeedsCommon"


async def actual_state(regix, eik: str):
    return await regix.response(ACTUAL_STATE, regix.argument(REQUEST, UIC=eik))


def deed(response: etree._Element, name: str) -> str | None:
    return response.findtext(f"{{{RESPONSE}}}Deed/{{{DEED}}}{name}")


def record(response, field: str):
    """The RecordData of the record with FieldIdent `field`."""
    for found in response.iter(f"{{{DEED}}}Record"):
        if found.findtext(f"{{{DEED}}}FieldIdent") == field:
            return found
    raise AssertionError(f"no record {field}")


async def test_a_registered_traders_actual_state_in_the_registers_shape(regix) -> None:
    eik = known_eik()
    response = await actual_state(regix, eik)
    assert response.tag == f"{{{RESPONSE}}}ActualStateResponseV3"
    assert response.findtext(f"{{{RESPONSE}}}DataFound") == "true"
    assert deed(response, "UIC") == eik
    assert deed(response, "DeedStatus") in {"N", "C"}
    legal_form = deed(response, "LegalForm")
    assert legal_form in {"ЕООД", "ООД", "АД", "ЕАД", "ЕТ"}
    name = deed(response, "CompanyName") or ""
    assert name.startswith("ЕТ „") if legal_form == "ЕТ" else name.endswith(f" {legal_form}")
    identification = record(response, "00010")
    assert identification.find(f"{{{DEED}}}RecordData/{{{DEED}}}UIC").get("uic") == eik
    registered_at = dt.datetime.fromisoformat(identification.findtext(f"{{{DEED}}}FieldActionDate") or "")
    assert dt.datetime(1991, 1, 1) <= registered_at <= dt.datetime(2025, 1, 1)
    assert record(response, "00020").findtext(f"{{{DEED}}}RecordData/{{{DEED}}}Company") == name
    seat = record(response, "00050").find(f"{{{DEED}}}RecordData/{{{DEED}}}Seat/{{{DEED}}}Address")
    assert (seat.findtext(f"{{{DEED}}}SettlementEKATTE"), seat.findtext(f"{{{DEED}}}Settlement")) in {
        ("68134", "гр. София"), ("56784", "гр. Пловдив"), ("10135", "гр. Варна"), ("07079", "гр. Бургас"),
        ("63427", "гр. Русе"),
    }  # fmt: skip
    again = await actual_state(regix, eik)
    assert [element.text for element in again.find(f"{{{RESPONSE}}}Deed").iter()] == [
        element.text for element in response.find(f"{{{RESPONSE}}}Deed").iter()
    ]


async def test_an_unregistered_eik_is_data_found_false_without_a_deed(regix) -> None:
    response = await actual_state(regix, unknown_eik())
    assert response.findtext(f"{{{RESPONSE}}}DataFound") == "false"
    assert response.find(f"{{{RESPONSE}}}Deed") is None
    assert response.findtext(f"{{{RESPONSE}}}DataValidForDate")


def test_about_one_valid_eik_in_ten_is_not_registered() -> None:
    eiks = [f"{base:09d}" for base in range(100_000_000, 100_020_000)]
    assert 0.08 < sum(not registered(eik) for eik in eiks) / len(eiks) < 0.12


async def test_some_traders_are_deregistered_in_liquidation_or_insolvent(regix) -> None:
    seen = set()
    for base in range(30_000_000, 30_000_400):
        eik = next(f"{base:08d}{digit}" for digit in "0123456789" if _valid(f"{base:08d}{digit}"))
        if registered(eik):
            response = await actual_state(regix, eik)
            seen.add((deed(response, "DeedStatus"), deed(response, "LiquidationOrInsolvency")))
    assert seen == {("N", None), ("C", None), ("N", "Liquidation"), ("N", "Insolvency")}


def _valid(eik: str) -> bool:
    from egov_schemas.identifiers import validate_eik

    try:
        validate_eik(eik)
    except ValueError:
        return False
    return True


async def test_a_branchs_13_digit_eik_is_answered(regix) -> None:
    branch = next(
        f"{known_eik()}{digits}{check}"
        for digits in (f"{n:03d}" for n in range(1000))
        for check in "0123456789"
        if _valid(f"{known_eik()}{digits}{check}")
    )
    response = await actual_state(regix, branch)
    assert response.findtext(f"{{{RESPONSE}}}DataFound") in {"true", "false"}


def _wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


@pytest.mark.parametrize(("eik", "reason"), [(_wrong_check_digit(known_eik()), "check digit"), ("12345", "9 or 13")])
async def test_an_invalid_eik_is_a_fault(regix, eik: str, reason: str) -> None:
    with pytest.raises(zeep.exceptions.Fault, match=f"Invalid EIK.*{reason}"):
        await actual_state(regix, eik)
