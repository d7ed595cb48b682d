"""The simulator's application: one process serving the SMTP server (started and stopped with the
app's lifespan), the Mailpit-shaped API, the web pages and the simulator's own control endpoints."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI

from egov_mail_sim.api import api_router
from egov_mail_sim.control import control_router
from egov_mail_sim.faults import Faults
from egov_mail_sim.mailbox_store import MailboxStore
from egov_mail_sim.pages import page_router
from egov_mail_sim.problems import install_problem_handlers
from egov_mail_sim.settings import MailSimSettings
from egov_mail_sim.smtp_server import MailHandler, SmtpServer

log = logging.getLogger(__name__)


def create_app(settings: MailSimSettings | None = None) -> FastAPI:
    """The application, with the Maildir opened and indexed.

    NOTE: SMTP is served only while the app's lifespan is entered (uvicorn does it; tests enter
    `app.router.lifespan_context(app)`); then `app.state.smtp_port` is the port it listens on.
    """
    settings = settings or MailSimSettings()
    store = MailboxStore(settings.directory)
    faults = Faults()
    smtp = SmtpServer(MailHandler(store, faults), settings.http_host, settings.smtp_port, settings.max_message_bytes)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await smtp.start()
        app.state.smtp_port = smtp.port
        log.info("mailbox_opened directory=%s messages=%d", settings.directory, len(store))
        try:
            yield
        finally:
            await smtp.stop()

    app = FastAPI(
        title="Mail simulator",
        description="A local SMTP server for development and tests, with a Mailpit-like API. No auth, no TLS.",
        lifespan=lifespan,
    )
    app.include_router(api_router(store))
    app.include_router(page_router(store))
    app.include_router(control_router(faults, smtp))
    install_problem_handlers(app)
    return app
