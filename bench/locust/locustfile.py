"""Citizens and staff on the platform, for a cluster or the local stack (bench/README.md):

uv run locust -f bench/locust/locustfile.py --headless -u 50 -r 5 -t 5m --host http://127.0.0.1:8002

`--host` is intake's URL; `--workspace-url`, `--eid-url`, `--catalog-url` (or LOCUST_WORKSPACE_URL,
...) the others'; they default to the local stack's ports.
"""

from __future__ import annotations

import logging

from locust import events

from bench.locust.citizen import Citizen
from bench.locust.options import add_arguments
from bench.locust.staff import Staff

__all__ = ["Citizen", "Staff"]

# NOTE: httpx (the citizens' eID login) logs every request at INFO, which would drown locust's own output.
logging.getLogger("httpx").setLevel(logging.WARNING)
# NOTE: locust leaves EventHook untyped.
events.init_command_line_parser.add_listener(add_arguments)  # type: ignore[no-untyped-call]
