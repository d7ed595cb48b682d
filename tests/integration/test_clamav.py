"""Intake's clamd client against the real daemon, started as the platform starts it, with the test
signature database shipped in deploy/local/clamav: a document is clean, the EICAR test file is not.

NOTE: clamd alone, not the session's whole platform: these tests need neither Kafka nor any service,
and so run in seconds and fail only for clamd's reasons.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from egov_intake.adapters.clamav import ClamdScanner, ScanVerdict
from egov_localstack.clamd import Clamd
from egov_localstack.processes import free_port

# NOTE: the EICAR test file, built here so that it is never a file a scanner could quarantine.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR" + b"-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
# NOTE: clamd names every signature of an unsigned database so (deploy/local/clamav/README.md).
SHIPPED_SIGNATURE = "Eicar-Test-Signature.UNOFFICIAL"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(scope="module")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clamd]:
    clamd = Clamd(tmp_path_factory.mktemp("clamd"), free_port())
    clamd.start()
    try:
        yield clamd
    finally:
        clamd.stop()


@pytest.fixture
def scanner(clamd: Clamd) -> ClamdScanner:
    return ClamdScanner("127.0.0.1", clamd.port, timeout_s=10)


async def test_clamd_answers_ping(scanner: ClamdScanner) -> None:
    assert await scanner.ping() is True


async def test_a_document_is_clean(scanner: ClamdScanner) -> None:
    assert await scanner.scan(PDF) == ScanVerdict(infected=False)


async def test_the_eicar_file_is_infected_with_the_shipped_signature(scanner: ClamdScanner) -> None:
    assert len(EICAR) == 68
    assert await scanner.scan(EICAR) == ScanVerdict(infected=True, signature=SHIPPED_SIGNATURE)


async def test_the_eicar_file_is_found_inside_a_larger_upload_sent_in_many_chunks(clamd: Clamd) -> None:
    scanner = ClamdScanner("127.0.0.1", clamd.port, timeout_s=10, chunk_size=1000)
    upload = PDF + bytes(300_000) + EICAR + bytes(300_000)
    assert await scanner.scan(upload) == ScanVerdict(infected=True, signature=SHIPPED_SIGNATURE)
