"""`egov-stack join|new-handler|shadow|cut-over|shadow-report`: an administration joins the platform.

    egov-stack join gabrovo --name-bg "Община Габрово" --name-en "Gabrovo Municipality" \\
        --eik 000215234 --ekatte 14218 --email obshtina@gabrovo.bg
    egov-stack new-handler gabrovo --service 2039
    egov-stack shadow gabrovo 2039            # the handler decides on copies of staff's work
    egov-stack shadow-report gabrovo 2039     # ... how its decisions compare with staff's
    egov-stack cut-over gabrovo 2039          # the handler processes the service from now on

On the local platform (`make run`) the defaults reach it and the tokens are made with its
development key; elsewhere give the URLs and EGOV_OPERATOR_TOKEN / EGOV_ADMIN_TOKEN.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from egov_localstack import paths
from egov_localstack.databases import ensure_databases
from egov_localstack.joining import (
    ROUTING_CATCH_UP_S,
    JoiningError,
    PackageStart,
    PlatformApi,
    administration_details,
    name_staff,
    register,
    service_definition,
    set_processing,
    shadow_report,
    start_package,
    wait_until_routing_applies,
)
from egov_localstack.kafka_acls import handler_principal
from egov_localstack.new_handler import HandlerSpec, sample_form, write_handler
from egov_localstack.processes import free_port
from egov_localstack.stack import LocalStack, external_connection
from egov_sdk.clock import Clock

if TYPE_CHECKING:
    from collections.abc import Callable

COMMANDS = ("join", "new-handler", "shadow", "cut-over", "shadow-report")
TYPICAL = {"municipality": "typical-municipality", "district": "typical-district"}
"""The template a package starts from when no other is given, by kind of administration."""
DEFAULT_SERVICE = 2039
"""A copy of a family register kept until 1978: free, a short form, eID at the low level."""
LOCAL_URLS = {
    "catalog": "http://127.0.0.1:8001",
    "intake": "http://127.0.0.1:8002",
    "routing": "http://127.0.0.1:8003",
    "workspace": "http://127.0.0.1:8006",
}


def main(argv: list[str], *, stack: LocalStack | None = None) -> int:
    """Run one joining command; `stack` is the local stack to give principals and databases on
    (by default the one `make run` started, if it runs)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "join" and args.admin_egn and not args.admin_name:
        parser.error("--admin-egn needs --admin-name")
    api = _api(args)
    local = stack if stack is not None else _running_local_stack()
    commands: dict[str, Callable[[argparse.Namespace, PlatformApi, LocalStack | None], int]] = {
        "join": join,
        "new-handler": new_handler,
        "shadow": shadow,
        "cut-over": cut_over,
        "shadow-report": report,
    }
    try:
        return commands[args.command](args, api, local)
    except (JoiningError, FileExistsError) as exc:
        print(f"egov-stack {args.command}: {exc}", file=sys.stderr)
        return 1


def join(args: argparse.Namespace, api: PlatformApi, stack: LocalStack | None) -> int:
    administration = args.administration
    contacts = {"email": args.email, "phone": args.phone, "address": args.address, "website": args.website}
    details = {
        "id": administration,
        "name_bg": args.name_bg,
        "name_en": args.name_en,
        "kind": args.kind,
        "eik": args.eik,
        "ekatte": args.ekatte,
        "contacts": contacts,
        "channels": args.channels.split(",") if args.channels else None,
    }
    print(f"{args.name_en} ({administration}): {register(api, details)}")
    print(_kafka_principal(administration, stack))
    if args.admin_egn:
        name_staff(api, administration, args.admin_egn, args.admin_name, "admin")
        print(f"{args.admin_name} is its admin in the workspace: they add the rest of its staff on its staff page")
    kind = administration_details(api, administration)["kind"]
    if args.copy_from:
        start = PackageStart(administration=args.copy_from)
    elif args.template or kind in TYPICAL:
        start = PackageStart(template=args.template or TYPICAL[kind])
    else:
        raise JoiningError(f"there is no template for a {kind} body: start from another's package with --from")
    package = start_package(api, administration, start)
    if package is None:
        print(f"its package exists and is kept as it is (GET /administrations/{administration}/package to see it)")
    else:
        print(
            f"package version {package['version']} from {start}: {len(package['entries'])} services, "
            "each processed by staff in the workspace"
        )
    print(_next_steps(administration))
    return 0


def new_handler(args: argparse.Namespace, api: PlatformApi, stack: LocalStack | None) -> int:
    administration = args.administration
    into = Path(args.into or f"egov-handler-{administration}").resolve()
    if args.env_only and not (into / "pyproject.toml").exists():
        raise JoiningError(f"{into} holds no handler package: give its folder with --into")
    if not args.env_only:
        found = administration_details(api, administration)
        definition = service_definition(api, args.service)
        try:
            form = sample_form(definition["form_schema"], Clock().today())
        except ValueError as exc:
            raise JoiningError(str(exc)) from exc
        spec = HandlerSpec(
            administration=administration,
            name_bg=found["name_bg"],
            name_en=found["name_en"],
            service=args.service,
            service_name_en=definition["name_en"],
            sample_form=form,
        )
        write_handler(spec, into, paths.REPO_ROOT)
        print(f"the handler of {found['name_en']} is in {into}: service {args.service} ({definition['name_en']})")
    if stack is None:
        print("no local stack runs: local.env was not written (on a cluster, see values.yaml and docs/joining.md)")
    else:
        env = local_env(administration, stack, api)
        (into / "local.env").write_text("".join(f"{name}={value}\n" for name, value in env.items()))
        print(f"local.env: its settings on the local platform (Kafka principal {handler_principal(administration)})")
    print(
        "next:\n"
        f"  cd {into}\n"
        "  uv sync && uv run pytest tests/test_app.py     # build it, test its decisions\n"
        f"  egov-stack shadow {administration} {args.service}  # or cut-over: let it process the service\n"
        f"  uv run egov-handler-{administration}           # run it on the local platform"
    )
    return 0


def local_env(administration: str, stack: LocalStack, api: PlatformApi) -> dict[str, str]:
    """The handler's settings on the local platform: its principal, a database of its own, a
    free port; and what its tests need to submit an application (intake, the development key)."""
    from egov_localstack.platform import LOCAL_AUTH_JWT_KEY

    credentials = stack.grant_handler(administration)
    database = "egov_" + handler_principal(administration).replace("-", "_")
    urls = ensure_databases(stack.connection.database_url, [database], own_roles=True)
    return {
        "KAFKA_BOOTSTRAP_SERVERS": stack.connection.kafka_bootstrap_servers,
        **credentials,
        "DATABASE_URL": urls[database],
        "HTTP_PORT": str(free_port()),
        "INTAKE_URL": api.intake_url,
        "AUTH_JWT_KEY": LOCAL_AUTH_JWT_KEY,
    }


def shadow(args: argparse.Namespace, api: PlatformApi, _: LocalStack | None) -> int:
    since = args.since or Clock().today()
    version = set_processing(api, args.administration, args.service, processing="staff", shadow_from=since)
    _applied(api, args.administration, args.service, version)
    print(
        f"package version {version}: service {args.service} is processed by staff; from {since} its handler gets "
        "shadow copies of their work items, and its decisions are recorded, not applied "
        f"(egov-stack shadow-report {args.administration} {args.service})"
    )
    return 0


def cut_over(args: argparse.Namespace, api: PlatformApi, _: LocalStack | None) -> int:
    version = set_processing(api, args.administration, args.service, processing="automatic", shadow_from=None)
    _applied(api, args.administration, args.service, version)
    print(f"package version {version}: service {args.service} is processed by the handler from now on")
    return 0


def report(args: argparse.Namespace, api: PlatformApi, _: LocalStack | None) -> int:
    found = shadow_report(api, args.administration, args.service, args.since)
    verdicts = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in found["verdicts"].items())
    counted = f"{found['applications']} applications"
    if found["shown"] < found["applications"]:
        counted += f", the newest {found['shown']} shown"
    print(f"service {args.service} of {args.administration}: {counted}: {verdicts}")
    for row in found["comparisons"]:
        print(f"  {row['reference']}  handler: {row['shadow']:<15} staff: {row['real']:<15} {row['verdict']}")
    return 0


def _applied(api: PlatformApi, administration: str, service: int, version: int) -> None:
    if not wait_until_routing_applies(api, administration, service, version):
        raise JoiningError(
            f"package version {version} is saved, but routing did not apply it within {ROUTING_CATCH_UP_S:.0f} s: "
            "is routing running and reading the catalog topic?"
        )


def _next_steps(administration: str) -> str:
    return (
        "next:\n"
        f"  - staff process every service in the workspace; its administrators change the package "
        f"through the catalog's API (/administrations/{administration}/package)\n"
        f"  - to process a service automatically: egov-stack new-handler {administration} --service <IISDA number>\n"
        f"  - try the handler beside staff first: egov-stack shadow {administration} <service>, "
        f"then egov-stack shadow-report {administration} <service>\n"
        f"  - then: egov-stack cut-over {administration} <service>\n"
        "  - the whole way: docs/joining.md"
    )


def _kafka_principal(administration: str, stack: LocalStack | None) -> str:
    principal = handler_principal(administration)
    if stack is None:
        return (
            f"Kafka principal {principal}: on a cluster, add {administration} to the chart's `administrations` "
            f"(a Strimzi KafkaUser) or run `egov-ops kafka-user {administration}`"
        )
    stack.grant_handler(administration)
    return f"Kafka principal {principal}: made on the local broker, with its ACLs (its inbox, replies, registry topics)"


def _running_local_stack() -> LocalStack | None:
    if external_connection() is not None:
        return None
    stack = LocalStack()
    return stack if stack.kafka.pid() is not None and stack.postgres.pid() is not None else None


def _api(args: argparse.Namespace) -> PlatformApi:
    from egov_localstack.cli import local_token

    operator = os.environ.get("EGOV_OPERATOR_TOKEN") or local_token(operator=True)
    admin = os.environ.get("EGOV_ADMIN_TOKEN") or local_token(administration=args.administration)
    return PlatformApi(args.catalog_url, args.routing_url, args.intake_url, args.workspace_url, operator, admin)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="egov-stack", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    urls = argparse.ArgumentParser(add_help=False)
    for name, default in LOCAL_URLS.items():
        variable = f"EGOV_{name.upper()}_URL"
        urls.add_argument(
            f"--{name}-url", default=os.environ.get(variable, default), help=f"{name}'s API (${variable}; {default})"
        )
    commands = parser.add_subparsers(dest="command", required=True)

    join = commands.add_parser("join", parents=[urls], help="register an administration and start its package")
    join.add_argument("administration", help="its id on the platform, e.g. gabrovo")
    join.add_argument("--name-bg", required=True, help="its name in Bulgarian")
    join.add_argument("--name-en", required=True, help="its name in English")
    join.add_argument("--kind", choices=["municipality", "district", "central"], help="(a new one: municipality)")
    join.add_argument("--eik", help="its EIK (BULSTAT)")
    join.add_argument("--ekatte", help="the EKATTE code of its seat")
    join.add_argument("--email", help="its contact e-mail")
    join.add_argument("--phone", help="its contact phone")
    join.add_argument("--address", help="its address")
    join.add_argument("--website", help="its website (https://...)")
    join.add_argument("--channels", help="notification channels, comma-separated (a new one: email)")
    join.add_argument("--admin-egn", help="the EGN of its first admin in the workspace (who logs in with eID)")
    join.add_argument("--admin-name", help="... and their names (needed with --admin-egn)")
    start = join.add_mutually_exclusive_group()
    start.add_argument("--template", help="the package's template (GET /package-templates; by default typical-<kind>)")
    start.add_argument(
        "--from", dest="copy_from", metavar="ADMINISTRATION", help="start from this one's package instead"
    )

    handler = commands.add_parser("new-handler", parents=[urls], help="a ready-to-run handler package")
    handler.add_argument("administration")
    handler.add_argument(
        "--service", type=int, default=DEFAULT_SERVICE, help=f"its automated service ({DEFAULT_SERVICE})"
    )
    handler.add_argument("--into", help="the folder to make it in (./egov-handler-<administration>)")
    handler.add_argument("--env-only", action="store_true", help="only write local.env into an existing package")

    for name, help_text in (
        ("shadow", "the handler gets shadow copies of staff's work items of a service"),
        ("cut-over", "the handler processes the service from now on"),
        ("shadow-report", "how the handler's shadow decisions compare with staff's"),
    ):
        command = commands.add_parser(name, parents=[urls], help=help_text)
        command.add_argument("administration")
        command.add_argument("service", type=int, help="its IISDA number")
        if name == "shadow":
            command.add_argument(
                "--from", dest="since", type=dt.date.fromisoformat, metavar="DATE", help="the copies' first day (today)"
            )
        if name == "shadow-report":
            command.add_argument(
                "--since", type=dt.date.fromisoformat, metavar="DATE", help="applications first decided from this day"
            )
    return parser
