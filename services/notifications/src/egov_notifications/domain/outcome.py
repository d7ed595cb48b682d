"""What one try to deliver came to, in the platform's words.

`detail` names a code (`SMTP 451`, `HTTP 503`, `connection refused`), never a provider's text:
that may quote the address, and outcomes travel on a topic that must hold no personal data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Accepted:
    """The provider took it. With `awaits_proof`, the platform waits to learn that it was opened."""

    provider_reference: str | None = None
    awaits_proof: bool = False


@dataclass(frozen=True)
class Failed:
    detail: str
    permanent: bool = False
    """Trying again will not help (an address refused, a request the provider will never take)."""
    refused: bool = False
    """The receiver asks for no more (a webhook's 410 Gone)."""


Outcome = Accepted | Failed


@dataclass(frozen=True)
class Message:
    """A notice rendered for one language: e-mail subject, text and HTML, and a short SMS text."""

    subject: str
    text: str
    html: str
    sms: str
