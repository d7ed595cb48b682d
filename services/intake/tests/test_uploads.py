"""Taking an attached file: its limits, the scan before anything else is judged, and where it is kept."""

import hashlib

import pytest

from egov_intake.adapters.clamav import ScanVerdict
from egov_intake.service_layer.uploads import ANSWER_RULE, UploadRefused, sniffed_type, take
from egov_schemas.catalog import Attachment

SMALL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(32)
TEXT = b"just some notes, not a document\n"
RULE = Attachment(key="ownership_document", name_bg="Документ за собственост", name_en="Ownership document")


class FakeScanner:
    """Finds `signature` in every file it is given, or nothing when there is none; remembers the files."""

    def __init__(self, signature: str | None = None):
        self.signature = signature
        self.scanned: list[bytes] = []

    async def scan(self, content: bytes) -> ScanVerdict:
        self.scanned.append(content)
        return ScanVerdict(infected=self.signature is not None, signature=self.signature)


class FakeBlobs:
    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    async def put(self, content: bytes) -> str:
        sha256 = hashlib.sha256(content).hexdigest()
        self.kept[sha256] = content
        return sha256


async def test_a_small_pdf_is_scanned_and_kept_under_its_sha256():
    scanner, blobs = FakeScanner(), FakeBlobs()
    stored = await take(RULE, "нотариален акт.pdf", SMALL_PDF, scanner=scanner, blobs=blobs)
    sha256 = hashlib.sha256(SMALL_PDF).hexdigest()
    assert stored.as_json() == {
        "key": "ownership_document",
        "filename": "нотариален акт.pdf",
        "media_type": "application/pdf",
        "size": len(SMALL_PDF),
        "sha256": sha256,
    }
    assert scanner.scanned == [SMALL_PDF]
    assert blobs.kept == {sha256: SMALL_PDF}


async def test_an_empty_file_is_refused_without_a_scan():
    scanner, blobs = FakeScanner(), FakeBlobs()
    with pytest.raises(UploadRefused) as refused:
        await take(RULE, "empty.pdf", b"", scanner=scanner, blobs=blobs)
    assert (refused.value.reason, refused.value.rule) == ("empty", RULE)
    assert (scanner.scanned, blobs.kept) == ([], {})


async def test_a_file_over_the_rules_size_is_refused_without_a_scan():
    rule = RULE.model_copy(update={"max_bytes": len(SMALL_PDF) - 1})
    scanner, blobs = FakeScanner("Eicar-Test-Signature"), FakeBlobs()
    with pytest.raises(UploadRefused) as refused:
        await take(rule, "big.pdf", SMALL_PDF, scanner=scanner, blobs=blobs)
    assert refused.value.reason == "too_large"
    assert (scanner.scanned, blobs.kept) == ([], {})


async def test_a_file_of_exactly_the_rules_size_is_taken():
    rule = RULE.model_copy(update={"max_bytes": len(SMALL_PDF)})
    stored = await take(rule, "exact.pdf", SMALL_PDF, scanner=FakeScanner(), blobs=FakeBlobs())
    assert stored.size == len(SMALL_PDF)


@pytest.mark.parametrize(("content", "any_type"), [(SMALL_PDF, False), (TEXT, False), (TEXT, True)])
async def test_an_infected_file_is_refused_as_infected_and_never_kept(content, any_type):
    scanner, blobs = FakeScanner("Eicar-Test-Signature"), FakeBlobs()
    with pytest.raises(UploadRefused) as refused:
        await take(RULE, "virus.pdf", content, scanner=scanner, blobs=blobs, any_type=any_type)
    assert (refused.value.reason, refused.value.signature) == ("infected", "Eicar-Test-Signature")
    assert scanner.scanned == [content]
    assert blobs.kept == {}


async def test_a_text_file_is_refused_as_of_the_wrong_type_after_a_clean_scan():
    scanner, blobs = FakeScanner(), FakeBlobs()
    with pytest.raises(UploadRefused) as refused:
        await take(RULE, "notes.pdf", TEXT, scanner=scanner, blobs=blobs)
    assert refused.value.reason == "type"
    assert scanner.scanned == [TEXT]
    assert blobs.kept == {}


async def test_any_type_takes_a_text_file_as_whatever_its_bytes_show():
    blobs = FakeBlobs()
    stored = await take(ANSWER_RULE, "notes.txt", TEXT, scanner=FakeScanner(), blobs=blobs, any_type=True)
    assert (stored.key, stored.media_type, stored.size) == ("answer", "application/octet-stream", len(TEXT))
    assert blobs.kept == {hashlib.sha256(TEXT).hexdigest(): TEXT}


async def test_any_type_still_refuses_a_file_over_the_size():
    rule = ANSWER_RULE.model_copy(update={"max_bytes": 4})
    with pytest.raises(UploadRefused) as refused:
        await take(rule, "notes.txt", TEXT, scanner=FakeScanner(), blobs=FakeBlobs(), any_type=True)
    assert refused.value.reason == "too_large"


async def test_a_type_the_rule_does_not_list_is_refused_even_if_others_would_take_it():
    rule = RULE.model_copy(update={"media_types": ["application/pdf"]})
    with pytest.raises(UploadRefused) as refused:
        await take(rule, "photo.png", PNG, scanner=FakeScanner(), blobs=FakeBlobs())
    assert refused.value.reason == "type"


@pytest.mark.parametrize(
    ("refused", "detail"),
    [
        (UploadRefused("empty", RULE), "the file is empty"),
        (UploadRefused("too_large", RULE), "the file is larger than 10 MB"),
        (
            UploadRefused("too_large", RULE.model_copy(update={"max_bytes": 5 * 1024 * 1024 // 2})),
            "the file is larger than 2.5 MB",
        ),
        (
            UploadRefused("type", RULE),
            "the file is not of an accepted type (application/pdf, image/jpeg, image/png)",
        ),
        (
            UploadRefused("infected", RULE, "Eicar-Test-Signature"),
            "the file contains malware (Eicar-Test-Signature) and was refused",
        ),
    ],
)
def test_each_refusal_is_worded_for_the_api(refused, detail):
    assert refused.detail() == detail


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (SMALL_PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (TEXT, "application/octet-stream"),
        (b"\x00\x01\x02\x03", "application/octet-stream"),
    ],
)
def test_the_type_is_read_from_the_bytes(content, media_type):
    assert sniffed_type(content) == media_type
