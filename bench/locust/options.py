"""The scenario's own command-line options (beside locust's `--host`, intake's URL): where the
workspace, the eID simulator and the catalog are, and the credentials the citizens log in with.
Each is also an environment variable, so that an operations team points the scenario at a
cluster's ingress URLs without editing anything."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING

from egov_eid_sim.settings import LOCAL_CLIENTS

if TYPE_CHECKING:
    from locust.argument_parser import LocustArgumentParser

PORTAL_CLIENT = "egov-portal"
DEFAULT_STAFF = ("elena-ivanova", "georgi-dimitrov")


def add_arguments(parser: LocustArgumentParser) -> None:
    parser.add_argument(
        "--workspace-url",
        env_var="LOCUST_WORKSPACE_URL",
        default="http://127.0.0.1:8006",
        help="The staff workspace's URL",
    )
    parser.add_argument(
        "--eid-url",
        env_var="LOCUST_EID_URL",
        default="http://127.0.0.1:8024",
        help="The eID simulator's URL, where citizens get the ID token intake's API takes",
    )
    parser.add_argument(
        "--catalog-url",
        env_var="LOCUST_CATALOG_URL",
        default="http://127.0.0.1:8001",
        help="The catalog's URL, whose search citizens call; empty to leave it out",
    )
    parser.add_argument(
        "--eid-client-secret",
        env_var="LOCUST_EID_CLIENT_SECRET",
        default=LOCAL_CLIENTS[PORTAL_CLIENT].secret,
        is_secret=True,
        help=f"The {PORTAL_CLIENT} client's secret at the eID simulator (the local one by default)",
    )
    parser.add_argument(
        "--staff-people",
        env_var="LOCUST_STAFF_PEOPLE",
        default=",".join(DEFAULT_STAFF),
        help="The eID simulator's demo employees (who process applications) the staff users log in as, in turn",
    )
    parser.add_argument(
        "--staff-share",
        env_var="LOCUST_STAFF_SHARE",
        type=float,
        default=0.2,
        help="The share of citizens' applications for a service staff process (Sofia's 2020); the rest are automatic",
    )
    parser.add_argument(
        "--follow-for",
        env_var="LOCUST_FOLLOW_FOR",
        type=float,
        default=120.0,
        help="Seconds a citizen polls an application's status before counting it as stuck",
    )


@dataclass(frozen=True)
class Targets:
    intake_url: str
    workspace_url: str
    eid_url: str
    catalog_url: str | None
    eid_client_secret: str
    staff_people: tuple[str, ...]
    staff_share: float
    follow_for_s: float

    @property
    def portal_callback(self) -> str:
        """The redirect URI the eID simulator knows the portal's client by: the portal's callback."""
        return f"{self.intake_url}/auth/callback"

    @classmethod
    def from_options(cls, options: argparse.Namespace, host: str) -> Targets:
        people = tuple(person.strip() for person in options.staff_people.split(",") if person.strip())
        return cls(
            intake_url=host.rstrip("/"),
            workspace_url=options.workspace_url.rstrip("/"),
            eid_url=options.eid_url.rstrip("/"),
            catalog_url=options.catalog_url.rstrip("/") or None,
            eid_client_secret=options.eid_client_secret,
            staff_people=people or DEFAULT_STAFF,
            staff_share=min(max(options.staff_share, 0.0), 1.0),
            follow_for_s=options.follow_for,
        )
