"""The page: operations, the rules of the data, the calls received (escaped, masked), bilingual."""

import httpx

from egov_regix_sim.testing import living_egn

PERSON = "TechnoLogica.RegiX.GraoNBDAdapter.APIService.INBDAPI.PersonDataSearch"
PERSON_REQUEST = "{http://egov.bg/RegiX/GRAO/NBD/PersonDataRequest}PersonDataRequest"


async def test_the_page_lists_operations_and_rules_in_bulgarian_and_english(http: httpx.AsyncClient) -> None:
    page = await http.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="bg">' in html
    assert "<script" not in html
    assert "RegiX simulator" in html
    assert '<a href="/RegiXEntryPoint.svc?wsdl">' in html
    for operation in (
        "INBDAPI.PersonDataSearch",
        "IPNAAPI.PermanentAddressSearch",
        "ITRAPI.GetActualStateV3",
        "GetObligatedPersons",
    ):
        assert operation in html
    assert "ЕГН, завършващо на 0000, не е намерено" in html
    assert "Няма получени заявки." in html


async def test_the_page_lists_calls_newest_first_escaped_and_masked(http: httpx.AsyncClient, regix) -> None:
    argument = regix.argument(PERSON_REQUEST, EGN=living_egn())
    context = {
        "LawReason": 'ЗГР <script>alert("x")</script>',
        "ServiceURI": "SOF-1",
        "AdministrationName": "Община Русе",
    }
    await regix.execute_synchronous(PERSON, argument, CallContext=context, CitizenEGN=living_egn())
    await regix.execute_synchronous(PERSON, argument, CallContext={**context, "ServiceURI": "SOF-2"})
    html = (await http.get("/")).text
    assert "<script" not in html
    assert "ЗГР &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<caption>Заявки: 2" in html
    assert html.index("SOF-2") < html.index("SOF-1")
    assert "Община Русе" in html
    assert living_egn() not in html
