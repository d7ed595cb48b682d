from egov_registry_gateway.adapters.regix_simulator import RegixSimulator


async def test_person_lookup_derives_data_from_a_valid_egn() -> None:
    answer = await RegixSimulator().execute("grao.person", {"egn": "7501010010"})
    assert answer.status == "found"
    assert answer.data == {"birth_date": "1975-01-01", "sex": "female", "alive": True}


async def test_invalid_identifier_and_unknown_operation_are_errors() -> None:
    simulator = RegixSimulator()
    assert (await simulator.execute("grao.person", {"egn": "7501010011"})).status == "error"
    assert (await simulator.execute("commercial_register.actual_state", {"eik": "000696327"})).status == "found"
    assert (await simulator.execute("unknown.op", {})).error == "operation unknown.op is not supported"
