"""The simulator running in process: SMTP on a free port, its Maildir in the test's own directory,
an HTTP client for its API and pages, and a sender of real SMTP messages (aiosmtplib)."""

from collections.abc import AsyncIterator, Callable, Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aiosmtplib
import httpx
import pytest
from fastapi import FastAPI

from egov_mail_sim.settings import MailSimSettings
from egov_mail_sim.testing import started

SENDER = "no-reply@plovdiv.example.bg"
IVAN = "ivan.petrov@example.bg"
MARIA = "maria.ivanova@example.bg"


class Sender:
    """Composes messages like the platform's (plain text and HTML) and sends them over real SMTP."""

    def __init__(self, port: int) -> None:
        self.port = port

    @staticmethod
    def letter(
        *,
        to: Sequence[str] = (IVAN, MARIA),
        subject: str = "Заявление № 42: прието",
        text: str = "Здравейте,\nвашето заявление е прието в Община Пловдив.",
        html: str | None = "<p>Здравейте,</p><p>вашето заявление е <b>прието</b>.</p>",
        message_id: str | None = None,
        **headers: str,
    ) -> EmailMessage:
        message = EmailMessage()
        message["From"] = f"Община Пловдив <{SENDER}>"
        message["To"] = ", ".join(to)
        message["Subject"] = subject
        if message_id is not None:
            message["Message-ID"] = message_id
        for name, value in headers.items():
            message[name.replace("_", "-")] = value
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
        return message

    async def send(self, message: EmailMessage | bytes, **options: Any) -> dict[str, aiosmtplib.SMTPResponse]:
        """The refused recipients (SMTP's answer to each); raises if the server refuses the message."""
        refused, _ = await aiosmtplib.send(
            message, hostname="127.0.0.1", port=self.port, local_hostname="tests.example.bg", timeout=10, **options
        )
        return refused


@pytest.fixture
def settings(tmp_path: Path) -> MailSimSettings:
    return MailSimSettings(directory=tmp_path / "maildir", smtp_port=0)


@pytest.fixture
async def app(settings: MailSimSettings) -> AsyncIterator[FastAPI]:
    async with started(settings) as app:
        yield app


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mail.test") as client:
        yield client


@pytest.fixture
def sender_for() -> Callable[[FastAPI], Sender]:
    """A sender to the SMTP server of a given running app (for tests that start their own)."""
    return lambda app: Sender(app.state.smtp_port)


@pytest.fixture
def sender(app: FastAPI, sender_for: Callable[[FastAPI], Sender]) -> Sender:
    return sender_for(app)
