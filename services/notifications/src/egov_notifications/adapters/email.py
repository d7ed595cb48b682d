"""E-mail over SMTP (aiosmtplib): one multipart message, plain text and HTML, per notice.

Connections are kept open and reused (a new one per message costs a handshake, EHLO and QUIT
each time); a connection that fails in any way is dropped, and a message that found its reused
connection closed by the server is sent once more on a new one before that counts as a failure.

The Message-ID derives from the notice, so a message sent twice (a crash between the server's
250 and our record of it: delivery is at least once) is recognisably the same message.
"""

from __future__ import annotations

import asyncio
import contextlib
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, parseaddr
from typing import TYPE_CHECKING

import aiosmtplib

from egov_notifications.domain.outcome import Accepted, Failed, Outcome

if TYPE_CHECKING:
    from egov_notifications.domain.outcome import Message
    from egov_notifications.settings import NotificationSettings

_CONNECTIONS = 4
_CLOSED = Failed("SMTP server unreachable (SMTPServerDisconnected)")


class SmtpMailer:
    def __init__(self, settings: NotificationSettings):
        self._settings = settings
        name, self._sender = parseaddr(settings.mail_from)
        self._from = formataddr((name, self._sender), charset="utf-8")
        self._domain = self._sender.rpartition("@")[2] or "egov.local"
        self._idle: list[aiosmtplib.SMTP] = []
        self._slots = asyncio.Semaphore(_CONNECTIONS)

    def compose(self, notification_id: str, to: str, message: Message, language: str) -> bytes:
        # NOTE: the compat32 MIME classes, not EmailMessage: the default policy's header folding
        # took a sixth of the service's time under load, for the same bytes on the wire.
        mail = MIMEMultipart("alternative")
        mail["From"] = self._from
        mail["To"] = to
        # NOTE: a Header, which compat32 folds into encoded words itself (its text would be folded twice).
        mail["Subject"] = Header(message.subject, "utf-8")  # type: ignore[assignment]
        mail["Message-ID"] = f"<{notification_id}@{self._domain}>"
        mail["Date"] = formatdate(localtime=False)
        mail["Auto-Submitted"] = "auto-generated"
        mail["Content-Language"] = language
        mail.attach(MIMEText(message.text, "plain", "utf-8"))
        mail.attach(MIMEText(message.html, "html", "utf-8"))
        return mail.as_bytes()

    async def send(self, notification_id: str, to: str, message: Message, language: str) -> Outcome:
        mail = self.compose(notification_id, to, message, language), to
        async with self._slots:
            if self._idle and (outcome := await self._send_on(self._idle.pop(), mail)) is not _CLOSED:
                return outcome
            try:
                client = await self._connect()
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
                return Failed(f"SMTP server unreachable ({type(exc).__name__})")
            return await self._send_on(client, mail)

    async def aclose(self) -> None:
        while self._idle:
            await _quietly_closed(self._idle.pop())

    async def _connect(self) -> aiosmtplib.SMTP:
        settings = self._settings
        client = aiosmtplib.SMTP(
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            start_tls=settings.smtp_starttls,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            timeout=settings.provider_timeout_s,
        )
        await client.connect()
        return client

    async def _send_on(self, client: aiosmtplib.SMTP, mail: tuple[bytes, str]) -> Outcome:
        """Send on `client`, which goes back to the idle ones only if all went well; `_CLOSED`
        when the server had closed it."""
        content, to = mail
        try:
            await client.sendmail(self._sender, [to], content)
        except (aiosmtplib.SMTPServerDisconnected, ConnectionError):
            await _quietly_closed(client)
            return _CLOSED
        except aiosmtplib.SMTPRecipientsRefused as exc:
            await _quietly_closed(client)
            codes = [refusal.code for refusal in exc.recipients]
            code = codes[0] if codes else "5xx"
            return Failed(f"SMTP {code} recipient refused", permanent=all(c >= 500 for c in codes))
        except aiosmtplib.SMTPResponseException as exc:
            await _quietly_closed(client)
            # NOTE: the code only; the server's text may quote the address. Refused for another
            # reason than the address (our sender, the relay, a policy): retried, dead-lettered
            # at the end with an alert, for the platform's people to put right.
            return Failed(f"SMTP {exc.code}")
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            await _quietly_closed(client)
            return Failed(f"SMTP server unreachable ({type(exc).__name__})")
        self._idle.append(client)
        return Accepted()


async def _quietly_closed(client: aiosmtplib.SMTP) -> None:
    with contextlib.suppress(aiosmtplib.SMTPException, OSError, TimeoutError):
        client.close()
