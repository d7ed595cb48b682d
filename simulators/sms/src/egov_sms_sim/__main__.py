"""`python -m egov_sms_sim` (or `egov-sms-sim`): the simulator on 127.0.0.1:HTTP_PORT."""

from __future__ import annotations

import logging

import uvicorn

from egov_sms_sim.app import create_app
from egov_sms_sim.settings import SmsSimSettings


def main() -> None:
    settings = SmsSimSettings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port, log_level="info")


if __name__ == "__main__":
    main()
