"""`python -m egov_eid_sim` (or `egov-eid-sim`): the simulator on 127.0.0.1:HTTP_PORT."""

from __future__ import annotations

import logging

import uvicorn
from asgiref.wsgi import WsgiToAsgi

from egov_eid_sim.app import create_app
from egov_eid_sim.settings import EidSimSettings


def main() -> None:
    settings = EidSimSettings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # NOTE: Flask is a WSGI application and uvicorn's own WSGI adapter is deprecated (0.54). asgiref
    # runs the app on one thread, which also keeps the in-memory store free of races.
    app = WsgiToAsgi(create_app(settings))  # type: ignore[no-untyped-call]  # asgiref leaves it unannotated
    uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_level="info")


if __name__ == "__main__":
    main()
