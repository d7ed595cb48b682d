"""`python -m egov_mail_sim` (or `egov-mail-sim`): SMTP on 127.0.0.1:SMTP_PORT, the API and pages on HTTP_PORT."""

from __future__ import annotations

import logging

import uvicorn

from egov_mail_sim.app import create_app
from egov_mail_sim.settings import MailSimSettings


def main() -> None:
    settings = MailSimSettings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port, log_level="info")


if __name__ == "__main__":
    main()
