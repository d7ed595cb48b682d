"""Reading a stored message: the summary the index keeps, and the full detail read on request.

MIME is decoded by the stdlib `email` package with `policy.default`: encoded words (RFC 2047),
transfer encodings and charsets come out as text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

# NOTE: the headers the simulator adds on delivery; `Received` carries the time it took the message.
RETURN_PATH = "Return-Path"
ENVELOPE_TO = "X-Envelope-To"
RECEIVED = "Received"
UNKNOWN_TIME = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Address:
    name: str
    address: str

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


@dataclass(frozen=True)
class Summary:
    id: str
    message_id: str
    sender: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    envelope_to: tuple[str, ...]
    subject: str
    created: dt.datetime
    size: int
    attachments: int
    # NOTE: the decoded text part, kept so that a search need not read the file again.
    text: str


@dataclass(frozen=True)
class Detail:
    summary: Summary
    text: str
    html: str
    headers: dict[str, list[str]]
    reply_to: tuple[Address, ...]
    date: dt.datetime | None


def parse(raw: bytes) -> EmailMessage:
    return BytesParser(EmailMessage, policy=policy.default).parsebytes(raw)


def summarize(key: str, raw: bytes, stored_at: dt.datetime | None = None) -> Summary:
    """The summary of a message; `Created` is `stored_at`, else when its Received header says."""
    message = parse(raw)
    senders = _addresses(message, "From")
    return Summary(
        id=key,
        message_id=_clean(str(message.get("Message-ID", ""))).strip().strip("<>"),
        sender=senders[0] if senders else None,
        to=_addresses(message, "To"),
        cc=_addresses(message, "Cc"),
        envelope_to=tuple(_clean(str(value)).strip() for value in message.get_all(ENVELOPE_TO, [])),
        subject=_clean(str(message.get("Subject", ""))),
        created=stored_at or _received_at(message),
        size=len(raw),
        attachments=sum(1 for part in message.walk() if isinstance(part, EmailMessage) and part.is_attachment()),
        text=_body(message, "plain"),
    )


def read_detail(summary: Summary, raw: bytes) -> Detail:
    message = parse(raw)
    headers: dict[str, list[str]] = {}
    for name, value in message.items():
        headers.setdefault(name, []).append(_clean(str(value)))
    return Detail(
        summary=summary,
        text=summary.text,
        html=_body(message, "html"),
        headers=headers,
        reply_to=_addresses(message, "Reply-To"),
        date=_date(message.get("Date")),
    )


def _addresses(message: EmailMessage, name: str) -> tuple[Address, ...]:
    return tuple(
        Address(_clean(address.display_name), _clean(address.addr_spec))
        for header in message.get_all(name, [])
        for address in getattr(header, "addresses", ())
    )


def _body(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    if not isinstance(part, EmailMessage) or part.get_content_type() != f"text/{subtype}":
        return ""
    try:
        content = part.get_content()
    except LookupError:
        # NOTE: an unknown charset: read it as UTF-8 rather than show nothing.
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def _received_at(message: EmailMessage) -> dt.datetime:
    """When the simulator took the message: the date of the Received header it added on top, else
    the sender's Date (a message put in the Maildir by hand)."""
    received = str(message.get(RECEIVED, ""))
    return _date(received.rpartition(";")[2]) or _date(message.get("Date")) or UNKNOWN_TIME


def _date(value: object) -> dt.datetime | None:
    if value is None:
        return None
    try:
        when = parsedate_to_datetime(str(value).strip())
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def _clean(text: str) -> str:
    """Undo the escaping the parser leaves in some values of raw UTF-8 headers (sent with SMTPUTF8)."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text
