"""The registry operations the simulator answers, by RegiX's full operation name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from egov_regix_sim import commercial_register, grao_address, grao_person, nra_obligations


@dataclass(frozen=True)
class Operation:
    name: str
    title: str  # what it answers, in Bulgarian, for the page
    request: str  # the argument's element, `{namespace}name`
    answer: Callable[[etree._Element], etree._Element]  # argument → response; SoapFault if invalid


OPERATIONS = {
    operation.name: operation
    for operation in (
        Operation(
            grao_person.OPERATION,
            "ГРАО, НБД „Население“: справка за физическо лице по ЕГН",
            grao_person.REQUEST,
            grao_person.answer,
        ),
        Operation(
            grao_address.OPERATION,
            "ГРАО: постоянен адрес на лице към дата",
            grao_address.REQUEST,
            grao_address.answer,
        ),
        Operation(
            commercial_register.OPERATION,
            "Агенция по вписванията, Търговски регистър: актуално състояние по ЕИК",
            commercial_register.REQUEST,
            commercial_register.answer,
        ),
        Operation(
            nra_obligations.OPERATION,
            "НАП: наличие или липса на задължения по ЕГН или ЕИК",
            nra_obligations.REQUEST,
            nra_obligations.answer,
        ),
    )
}
