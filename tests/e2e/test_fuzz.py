"""A short schemathesis run against every service (`make fuzz` runs the long one): no answer is a
5xx, and every 4xx is problem+json."""

from __future__ import annotations

import httpx
import pytest

from tests.fuzz.fuzzer import fuzz
from tests.fuzz.targets import FUZZED, header_sets, targets

REQUESTS_PER_SERVICE = 150


@pytest.mark.parametrize("service", FUZZED)
def test_generated_requests_get_no_server_error_and_only_problem_json_refusals(platform, service):
    [target] = [target for target in targets(platform) if target.name == service]
    tally = fuzz(target, REQUESTS_PER_SERVICE)
    assert tally.requests >= REQUESTS_PER_SERVICE
    assert (tally.server_errors, tally.non_problem_4xx) == (0, 0), "\n".join(tally.findings)


HEIRS = (
    b'{"administration_id": "sofia", "service": 2016, "applicant": {"identifier": "7501010010", "name": "Ivan"},'
    b' "form": {"deceased_name": "NAME", "deceased_egn": "3501010012", "purpose": "x"}}'
)
CAFE = (
    b'{"administration_id": "sofia", "service": 1475, "applicant": {"identifier": "7501010010", "name": "Ivan"},'
    b' "form": {"site_name": "a", "site_address": "b", "operator_eik": "250270057", "catering_type": "cafe",'
    b' "capacity": CAPACITY}}'
)
KNOWN_500S = [
    # (service, method, path and query, body, status expected now)
    ("intake", "POST", "/applications", HEIRS.replace(b"NAME", b"\\ud800"), 422),
    ("intake", "POST", "/applications", HEIRS.replace(b"NAME", b"\\u0000"), 422),
    ("intake", "POST", "/applications", CAFE.replace(b"CAPACITY", str(2**63).encode()), 422),
    ("catalog", "GET", "/services?offset=1e20", None, 422),
    ("catalog", "GET", f"/administrations?offset={10**20}", None, 422),
    ("catalog", "GET", "/services?q=%00", None, 422),
    ("catalog", "PUT", "/services/2016/draft", b'{"iisda_number": 2016}', 412),
    ("catalog", "POST", "/services", b'{"iisda_number": 99998, "name_bg": "\\u0000"}', 422),
    ("registry-gateway", "GET", "/audit?administration_id=sofia&limit=-1e20", None, 422),
    ("registry-gateway", "GET", "/audit?administration_id=sofia&limit=0", None, 422),
]


@pytest.mark.parametrize("case", KNOWN_500S, ids=lambda case: f"{case[0]} {case[1]} {case[2]}")
def test_inputs_that_once_were_500s_are_refused_as_problem_json(platform, case):
    service, method, path, body, status = case
    # NOTE: the catalog's first header set is an operator's, so a write gets past authorisation.
    headers = {"Content-Type": "application/json", **header_sets().get(service, ({},))[0]}
    raw = [(name.encode(), value.encode()) for name, value in headers.items()]
    raw.append((b"If-Match", '"²"'.encode("latin-1")))
    response = httpx.request(method, platform.url(service) + path, content=body, headers=raw, timeout=10)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
