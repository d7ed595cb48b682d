"""`python -m egov_eid_sim` (or `egov-eid-sim`): the simulator on 127.0.0.1:HTTP_PORT."""

from __future__ import annotations

import logging

from werkzeug.serving import make_server

from egov_eid_sim.app import create_app
from egov_eid_sim.settings import EidSimSettings


def main() -> None:
    settings = EidSimSettings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # NOTE: Flask (WSGI) served by Werkzeug's own server, one request at a time, which keeps the
    # in-memory store free of races. asgiref's WsgiToAsgi under uvicorn failed every request after
    # the first with "CurrentThreadExecutor already quit or is broken" (asgiref 3.13).
    server = make_server(settings.http_host, settings.http_port, create_app(settings), threaded=False)
    server.serve_forever()


if __name__ == "__main__":
    main()
