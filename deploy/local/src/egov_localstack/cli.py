"""`egov-stack start|stop|status|run|token|kafka-principal`: the local stack and the platform from
one command; `egov-stack join|new-handler|shadow|cut-over|shadow-report`: an administration joins
it (egov_localstack.joining_cli)."""

from __future__ import annotations

import argparse
import sys

from egov_localstack import joining_cli
from egov_localstack.stack import LocalStack, external_connection


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in joining_cli.COMMANDS:
        return joining_cli.main(argv)
    return stack_command(argv)


def stack_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="egov-stack",
        description=__doc__,
        epilog=f"An administration joins with: {', '.join(joining_cli.COMMANDS)} (egov-stack join --help).",
    )
    parser.add_argument("command", choices=["start", "stop", "status", "run", "token", "kafka-principal"])
    parser.add_argument(
        "administration", nargs="?", help="kafka-principal: the administration whose handler needs a Kafka principal"
    )
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--operator", action="store_true", help="token: a platform operator (SEGA)")
    who.add_argument("--admin", metavar="ADMINISTRATION", help="token: an administrator of this administration")
    who.add_argument("--staff", metavar="ADMINISTRATION", help="token: a member of this administration's staff")
    who.add_argument("--service", action="store_true", help="token: one of the platform's services or tools")
    who.add_argument("--citizen", metavar="EGN", help="token: a citizen logged in with national eID")
    args = parser.parse_args(argv)
    if args.command == "token":
        if args.citizen:
            print(citizen_token(args.citizen))
        elif args.staff or args.service:
            print(local_token(administration=args.staff, roles=("staff",) if args.staff else ("service",)))
        else:
            print(local_token(operator=args.operator, administration=args.admin))
        return 0
    # NOTE: `run` owns the stack for its lifetime; `start` leaves it running for later commands.
    stack = LocalStack(die_with_caller=args.command == "run")

    if args.command == "start":
        if (given := external_connection()) is not None:
            print(f"using the given stack: {given.as_env()}")
            return 0
        connection = stack.start()
        for name, value in connection.as_env().items():
            print(f"{name}={value}")
    elif args.command == "stop":
        stack.stop()
        print("local stack stopped")
    elif args.command == "status":
        for process in (stack.kafka, stack.postgres):
            pid = process.pid()
            print(f"{process.name}: {'running, pid ' + str(pid) if pid else 'stopped'}")
    elif args.command == "kafka-principal":
        return kafka_principal(stack, args.administration)
    elif args.command == "run":
        from egov_localstack.platform import run_platform

        return run_platform(stack)
    return 0


def kafka_principal(stack: LocalStack, administration: str | None) -> int:
    """Create the Kafka principal of an administration's handler with its ACLs on the running
    local broker, and print the settings its handler process needs."""
    if administration is None:
        print("kafka-principal needs an administration id, e.g. `egov-stack kafka-principal burgas`", file=sys.stderr)
        return 2
    if external_connection() is not None or stack.kafka.pid() is None:
        print(
            "kafka-principal works on the running local stack (`make stack`); on a cluster, list the "
            "administration under `administrations` in the Helm chart, which renders its KafkaUser",
            file=sys.stderr,
        )
        return 1
    for name, value in stack.grant_handler(administration).items():
        print(f"{name}={value}")
    return 0


def local_token(*, operator: bool = False, administration: str | None = None, roles: tuple[str, ...] = ()) -> str:
    """A bearer token the local platform accepts (signed with its development key): an
    operator's, an administration admin's, or one with the given `roles`."""
    from egov_localstack.platform import LOCAL_AUTH_JWT_KEY
    from egov_sdk.auth import ADMINISTRATION_ADMIN, OPERATOR, AuthSettings, mint_token

    settings = AuthSettings(auth_jwt_key=LOCAL_AUTH_JWT_KEY)
    roles = roles or ((OPERATOR,) if operator else (ADMINISTRATION_ADMIN,))
    subject = f"local-{'-'.join(roles)}" + (f"-{administration}" if administration else "")
    return mint_token(settings, subject, roles, administration=administration)


def citizen_token(egn: str) -> str:
    """A bearer token of a citizen logged in with national eID, as the local platform accepts it."""
    from egov_localstack.platform import LOCAL_AUTH_JWT_KEY
    from egov_sdk.auth import CITIZEN, PERSON_PREFIX, AuthSettings, mint_token

    settings = AuthSettings(auth_jwt_key=LOCAL_AUTH_JWT_KEY)
    return mint_token(settings, f"citizen-{egn[-4:]}", (CITIZEN,), person=f"{PERSON_PREFIX}{egn}")


if __name__ == "__main__":
    sys.exit(main())
