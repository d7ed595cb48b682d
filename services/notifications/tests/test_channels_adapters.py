import datetime as dt
import email
from email import policy

import httpx
from standardwebhooks import Webhook

from egov_notifications.adapters.email import SmtpMailer
from egov_notifications.adapters.sms import to_msisdn
from egov_notifications.adapters.webhooks import WebhookSender, new_secret, reaches_only_public_addresses
from egov_notifications.domain.outcome import Failed, Message
from egov_notifications.settings import NotificationSettings

SETTINGS = NotificationSettings(
    auth_jwt_key="k", contacts_token_key="c", sms_api_secret="s", mail_from="Платформа <no-reply@egov.example>"
)


def test_an_e_mail_is_multipart_text_and_html_with_a_message_id_from_the_notice():
    message = Message(subject="Услугата е изпълнена (7K3M-9QXP-4)", text="Текст\n", html="<p>Текст</p>", sms="s")
    mail = SmtpMailer(SETTINGS).compose("n-1", "ivan@example.bg", message, "bg")
    parsed = email.message_from_bytes(mail, policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in parsed.iter_parts()] == ["text/plain", "text/html"]
    assert parsed["Subject"] == "Услугата е изпълнена (7K3M-9QXP-4)"
    assert parsed["Message-ID"] == "<n-1@egov.example>"
    assert parsed["Content-Language"] == "bg"
    assert parsed["From"] == "Платформа <no-reply@egov.example>"
    text, html = (part.get_content() for part in parsed.iter_parts())
    assert (text, html) == ("Текст\n", "<p>Текст</p>")


def test_phone_numbers_become_e164():
    assert to_msisdn("0888 123 456") == "+359888123456"
    assert to_msisdn("+359 (888) 123-456") == "+359888123456"
    assert to_msisdn("00359888123456") == "+359888123456"
    assert to_msisdn("12") is None


async def test_webhooks_to_private_addresses_are_refused_unless_allowed():
    assert not await reaches_only_public_addresses("http://127.0.0.1:8002/internal/contacts")
    assert not await reaches_only_public_addresses("http://10.1.2.3/hooks")
    assert not await reaches_only_public_addresses("http://[::1]/hooks")
    assert await reaches_only_public_addresses("https://192.0.32.10/hooks")
    sender = WebhookSender(httpx.AsyncClient())
    refused = await sender.send("http://169.254.169.254/latest/meta-data", new_secret(), "m-1", {})
    assert refused == Failed("the URL reaches a private address", permanent=True)


def test_a_new_secret_signs_what_the_reference_library_verifies():
    secret = new_secret()
    assert secret.startswith("whsec_")
    now = dt.datetime.now(dt.UTC)
    signature = Webhook(secret).sign("msg-1", now, '{"a":1}')
    headers = {"webhook-id": "msg-1", "webhook-timestamp": str(int(now.timestamp())), "webhook-signature": signature}
    assert Webhook(secret).verify('{"a":1}', headers) == {"a": 1}
