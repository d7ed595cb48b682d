"""For tests that run the simulator in their own process: the app with its lifespan entered, so
that its SMTP server listens (on `app.state.smtp_port`)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI

from egov_mail_sim.app import create_app
from egov_mail_sim.settings import MailSimSettings


@contextlib.asynccontextmanager
async def started(settings: MailSimSettings) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app
