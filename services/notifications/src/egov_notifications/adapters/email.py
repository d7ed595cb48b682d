"""E-mail over SMTP (aiosmtplib): one multipart message, plain text and HTML, per notice.

The Message-ID derives from the notice, so a message sent twice (a crash between the server's
250 and our record of it: delivery is at least once) is recognisably the same message.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import TYPE_CHECKING

import aiosmtplib

from egov_notifications.domain.outcome import Accepted, Failed, Outcome

if TYPE_CHECKING:
    from egov_notifications.domain.outcome import Message
    from egov_notifications.settings import NotificationSettings


class SmtpMailer:
    def __init__(self, settings: NotificationSettings):
        self._settings = settings
        self._domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "egov.local"

    def compose(self, notification_id: str, to: str, message: Message, language: str) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self._settings.mail_from
        mail["To"] = Address(addr_spec=to)
        mail["Subject"] = message.subject
        mail["Message-ID"] = f"<{notification_id}@{self._domain}>"
        mail["Date"] = formatdate(localtime=False)
        mail["Auto-Submitted"] = "auto-generated"
        mail.set_content(message.text)
        mail.add_alternative(message.html, subtype="html")
        # NOTE: after the content: setting it clears every Content-* header.
        mail["Content-Language"] = language
        return mail

    async def send(self, notification_id: str, to: str, message: Message, language: str) -> Outcome:
        settings = self._settings
        mail = self.compose(notification_id, to, message, language)
        try:
            await aiosmtplib.send(
                mail,
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                start_tls=settings.smtp_starttls,
                username=settings.smtp_username,
                password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
                timeout=settings.provider_timeout_s,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [refusal.code for refusal in exc.recipients]
            return Failed(
                f"SMTP {codes[0] if codes else '5xx'} recipient refused", permanent=all(c >= 500 for c in codes)
            )
        except aiosmtplib.SMTPResponseException as exc:
            # NOTE: the code only; the server's text may quote the address.
            return Failed(f"SMTP {exc.code}", permanent=500 <= exc.code < 600)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            return Failed(f"SMTP server unreachable ({type(exc).__name__})")
        return Accepted()
