"""`egov-stack start|stop|status|env|run`: the local stack and the platform from one command."""

from __future__ import annotations

import argparse
import sys

from egov_localstack.stack import LocalStack, external_connection


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="egov-stack", description=__doc__)
    parser.add_argument("command", choices=["start", "stop", "status", "run"])
    args = parser.parse_args(argv)
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
        for process in (stack.kafka, stack.ferretdb):
            pid = process.pid()
            print(f"{process.name}: {'running, pid ' + str(pid) if pid else 'stopped'}")
    elif args.command == "run":
        from egov_localstack.platform import run_platform

        return run_platform(stack)
    return 0


if __name__ == "__main__":
    sys.exit(main())
