"""Taking an attached file: within the service's limits, scanned by ClamAV, then kept in the blob
store by its SHA-256. Nothing is stored before the scan says it is clean."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

import puremagic

from egov_schemas.catalog import Attachment

if TYPE_CHECKING:
    from egov_intake.adapters.clamav import ScanVerdict

Reason = Literal["empty", "too_large", "type", "infected"]
# NOTE: an answer to an information request is not declared in the catalog; these limits hold.
ANSWER_RULE = Attachment(key="answer", name_bg="Приложение", name_en="Attachment")
FALLBACK_TYPE = "application/octet-stream"


class Scanner(Protocol):
    async def scan(self, content: bytes) -> ScanVerdict: ...


class Blobs(Protocol):
    async def put(self, content: bytes) -> str: ...


class UploadRefused(Exception):
    """The file is not taken; `reason` says why (the portal and the API word it each their way)."""

    def __init__(self, reason: Reason, rule: Attachment, signature: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.rule = rule
        self.signature = signature

    def detail(self) -> str:
        """In English, for the API's problem+json."""
        if self.reason == "empty":
            return "the file is empty"
        if self.reason == "too_large":
            return f"the file is larger than {megabytes(self.rule.max_bytes)} MB"
        if self.reason == "type":
            return f"the file is not of an accepted type ({', '.join(self.rule.media_types)})"
        return f"the file contains malware ({self.signature}) and was refused"


@dataclass(frozen=True)
class StoredUpload:
    """A clean file in the blob store, as an application or draft refers to it."""

    key: str
    filename: str
    media_type: str
    size: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.3g}"


def sniffed_type(content: bytes) -> str:
    """The media type the file's bytes show (its name and the browser's claim are not trusted)."""
    try:
        return str(puremagic.from_string(content, mime=True)) or FALLBACK_TYPE
    except puremagic.PureError:
        return FALLBACK_TYPE


async def take(
    rule: Attachment, filename: str, content: bytes, *, scanner: Scanner, blobs: Blobs, any_type: bool = False
) -> StoredUpload:
    """Check, scan and keep one file under `rule`'s limits; `UploadRefused` says why not.
    `any_type` lets through a type the rule does not list (an information request asks for
    whatever the case needs); the limit on size and the scan still hold."""
    if not content:
        raise UploadRefused("empty", rule)
    if len(content) > rule.max_bytes:
        raise UploadRefused("too_large", rule)
    # NOTE: scanned before the type is judged, so an infected file is reported as infected.
    verdict = await scanner.scan(content)
    if verdict.infected:
        raise UploadRefused("infected", rule, verdict.signature)
    media_type = sniffed_type(content)
    if media_type not in rule.media_types and not any_type:
        raise UploadRefused("type", rule)
    sha256 = await blobs.put(content)
    return StoredUpload(rule.key, filename, media_type, len(content), sha256)
