"""Health probes (ready while SMTP listens), the size limit, and settings from the environment."""

import asyncio
from pathlib import Path

import aiosmtplib
import httpx
import pytest

from egov_mail_sim.app import create_app
from egov_mail_sim.settings import MailSimSettings
from egov_mail_sim.testing import started


async def test_live_and_ready_while_smtp_listens(http: httpx.AsyncClient) -> None:
    for path in ("/health/live", "/health/ready"):
        response = await http.get(path)
        assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_not_ready_before_smtp_listens_nor_after_it_stops(settings: MailSimSettings) -> None:
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mail.test") as http:
        before = await http.get("/health/ready")
        assert before.status_code == 503
        assert before.headers["content-type"] == "application/problem+json"
        async with app.router.lifespan_context(app):
            assert (await http.get("/health/ready")).status_code == 200
            port = app.state.smtp_port
        assert (await http.get("/health/ready")).status_code == 503
        assert (await http.get("/health/live")).status_code == 200
    with pytest.raises((aiosmtplib.SMTPConnectError, OSError)):
        await aiosmtplib.send(b"Subject: x\r\n\r\nx\r\n", sender="a@example.bg", recipients=["b@example.bg"], port=port)


async def test_a_message_over_the_size_limit_is_refused(tmp_path: Path, sender_for) -> None:
    settings = MailSimSettings(directory=tmp_path, smtp_port=0, max_message_bytes=2000)
    async with started(settings) as app:
        sender = sender_for(app)
        assert await sender.send(sender.letter(text="кратко")) == {}
        with pytest.raises(aiosmtplib.SMTPResponseException) as refused:
            await sender.send(sender.letter(text="дълго " * 400))
        assert refused.value.code == 552


def test_settings_have_defaults_and_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("HTTP_PORT", "SMTP_PORT", "MAIL_SIM_DIRECTORY", "MAIL_SIM_MAX_MESSAGE_BYTES", "MAIL_SIM_HTTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    defaults = MailSimSettings()
    assert (defaults.http_host, defaults.http_port, defaults.smtp_port) == ("127.0.0.1", 8025, 1025)
    assert defaults.directory == Path(".local/mail")
    assert (defaults.max_message_bytes, defaults.log_level) == (10 * 1024 * 1024, "INFO")
    monkeypatch.setenv("HTTP_PORT", "9025")
    monkeypatch.setenv("SMTP_PORT", "2525")
    monkeypatch.setenv("MAIL_SIM_DIRECTORY", str(tmp_path))
    monkeypatch.setenv("MAIL_SIM_MAX_MESSAGE_BYTES", "1024")
    monkeypatch.setenv("MAIL_SIM_HTTP_HOST", "0.0.0.0")
    settings = MailSimSettings()
    assert (settings.http_host, settings.http_port, settings.smtp_port) == ("0.0.0.0", 9025, 2525)
    assert (settings.directory, settings.max_message_bytes) == (tmp_path, 1024)


async def test_stopping_closes_an_idle_clients_connection(settings: MailSimSettings) -> None:
    async with started(settings) as app:
        reader, writer = await asyncio.open_connection("127.0.0.1", app.state.smtp_port)
        assert (await reader.readline()).startswith(b"220 ")
    try:
        assert await asyncio.wait_for(reader.read(), 5) == b""
    finally:
        writer.close()
