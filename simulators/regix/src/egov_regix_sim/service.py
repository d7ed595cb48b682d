"""IRegiXEntryPoint's three operations on a SOAP message: `ExecuteSynchronous` answers at once,
`Execute` keeps the answer and gives its ServiceCallID, `CheckResult` gives a kept answer (not
ready until the configured delay has passed). Every failure is a SoapFault."""

from __future__ import annotations

import copy
from collections.abc import Mapping

from lxml import etree

from egov_regix_sim.calls import CONTEXT_FIELDS, Call
from egov_regix_sim.operations import Operation
from egov_regix_sim.results import Results
from egov_regix_sim.soap import SERVICE_NS, SoapFault, add, element, nil, parse_body, q, text_of

SIGNED_DATA = "http://egov.bg/RegiX/SignedData"
ACTIONS = {f"{SERVICE_NS}IRegiXEntryPoint/{name}": name for name in ("ExecuteSynchronous", "Execute", "CheckResult")}


class RegixService:
    def __init__(self, operations: Mapping[str, Operation], results: Results) -> None:
        self._operations = operations
        self._results = results

    def answer(self, content: bytes, call: Call) -> etree._Element:
        """The Body of the answer to the message `content`, recording what it asked in `call`."""
        name = ACTIONS.get(call.soap_action or "")
        if name is None:
            raise SoapFault(
                f"The message with Action '{call.soap_action or ''}' cannot be processed: "
                f"IRegiXEntryPoint's actions are {', '.join(ACTIONS)}."
            )
        call.action = name
        body = parse_body(content)
        if body.tag != q(SERVICE_NS, name):
            raise SoapFault(f"The Body holds {body.tag}, not the {q(SERVICE_NS, name)} its Action names.")
        if name == "CheckResult":
            return self._check_result(body, call)
        argument, response = self._run(body, call)
        if name == "ExecuteSynchronous":
            return _result_data(name, (argument, response), call_id=0)
        call.service_call_id = self._results.add(call.operation or "", argument, response)
        answer = element(SERVICE_NS, "ExecuteResponse")
        result = add(answer, q(SERVICE_NS, "ExecuteResult"))
        add(result, q(SERVICE_NS, "ServiceCallID"), str(call.service_call_id))
        add(result, q(SERVICE_NS, "HasError"), "false")
        nil(result, q(SERVICE_NS, "Error"))
        return answer

    def _run(self, body: etree._Element, call: Call) -> tuple[etree._Element, etree._Element]:
        """The argument of the ServiceRequestData in `body`, and the operation's response to it."""
        request = body.find(q(SERVICE_NS, "request"))
        if request is None:
            raise SoapFault("The message has no request (ServiceRequestData).")
        call.operation = text_of(request, q(SERVICE_NS, "Operation"))
        call.citizen_egn = text_of(request, q(SERVICE_NS, "CitizenEGN"))
        call.employee_egn = text_of(request, q(SERVICE_NS, "EmployeeEGN"))
        context = request.find(q(SERVICE_NS, "CallContext"))
        if context is not None:
            call.call_context = {key: text_of(context, q(SERVICE_NS, tag)) for tag, key in CONTEXT_FIELDS.items()}
        holder = request.find(q(SERVICE_NS, "Argument"))
        argument = None if holder is None else next((e for e in holder if isinstance(e.tag, str)), None)
        if argument is not None:
            call.argument = " ".join(e.text.strip() for e in argument.iter() if e.text and e.text.strip())
        if not call.call_context.get("law_reason"):
            raise SoapFault("CallContext.LawReason is required: the law that allows this access.")
        operation = self._operations.get(call.operation or "")
        if operation is None:
            raise SoapFault(f"Unknown operation '{call.operation or ''}'.")
        if argument is None or argument.tag != operation.request:
            raise SoapFault(f"The Argument of {operation.name} must be one {operation.request} element.")
        return argument, operation.answer(argument)

    def _check_result(self, body: etree._Element, call: Call) -> etree._Element:
        argument = body.find(q(SERVICE_NS, "argument"))
        text = None if argument is None else text_of(argument, q(SERVICE_NS, "ServiceCallID"))
        try:
            call_id = int(text or "")
        except ValueError as exc:
            raise SoapFault("CheckResult needs a ServiceCallID (a whole number).") from exc
        kept = self._results.get(call_id)
        if kept is None:
            raise SoapFault(f"There is no asynchronous call with ServiceCallID {call_id}.")
        call.service_call_id = call_id
        call.operation = kept.operation
        return _result_data("CheckResult", (kept.argument, kept.response) if kept.ready() else None, call_id)


def _result_data(name: str, exchange: tuple[etree._Element, etree._Element] | None, call_id: int) -> etree._Element:
    """`<name>Response` holding a ServiceResultData: the (argument, response) `exchange` in its Data,
    or not ready if None."""
    answer = element(SERVICE_NS, f"{name}Response", sd=SIGNED_DATA)
    data = add(answer, q(SERVICE_NS, f"{name}Result"))
    add(data, q(SERVICE_NS, "IsReady"), "false" if exchange is None else "true")
    if exchange is None:
        nil(data, q(SERVICE_NS, "Data"))
    else:
        container = add(data, q(SERVICE_NS, "Data"))
        container.set("id", "data")
        for tag, content in zip(("Request", "Response"), exchange, strict=True):
            part = add(container, q(SIGNED_DATA, tag))
            part.set("id", tag.lower())
            part.append(copy.deepcopy(content))
    add(data, q(SERVICE_NS, "HasError"), "false")
    nil(data, q(SERVICE_NS, "Error"))
    add(data, q(SERVICE_NS, "ServiceCallID"), str(call_id))
    return answer
