"""`python -m egov_pay_egov_sim` (or `egov-pay-egov-sim`): the simulator on 127.0.0.1:HTTP_PORT."""

from __future__ import annotations

import logging

import uvicorn

from egov_pay_egov_sim.app import create_app
from egov_pay_egov_sim.settings import SimulatorSettings


def main() -> None:
    settings = SimulatorSettings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port, log_level="info")


if __name__ == "__main__":
    main()
