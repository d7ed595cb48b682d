"""`python -m egov_regix_sim` (or `egov-regix-sim`): the simulator on 127.0.0.1:HTTP_PORT."""

from __future__ import annotations

import logging

import uvicorn

from egov_regix_sim.app import create_app
from egov_regix_sim.settings import RegixSimSettings


def main() -> None:
    settings = RegixSimSettings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port, log_level="info")


if __name__ == "__main__":
    main()
