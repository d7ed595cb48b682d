"""`egov-ops`: the operations team's tool. Kafka's connection comes from the environment, as for
every service (`KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_SECURITY_PROTOCOL`, `KAFKA_USERNAME`,
`KAFKA_PASSWORD`, ...), as a principal allowed to read the DLQ topics and write the topics its
records go back to (an operator's).

    egov-ops dlq                                   the DLQ topics and how many records each holds
    egov-ops dlq show egov.dlq.routing.replies     its records: where each came from, its type and id, why
    egov-ops dlq inspect egov.dlq.routing.replies 0:12    one record whole (personal numbers masked)
    egov-ops dlq redrive egov.dlq.routing.replies 0:12 1:3   send those back to their topics
    egov-ops dlq redrive egov.dlq.routing.replies --all      every one (a progress bar)
    egov-ops lag                                   every consumer group: how far behind each topic it reads
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from aiokafka.errors import KafkaError
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from egov_ops.dead_letters import NotADeadLetter, original, summary
from egov_ops.kafka_dead_letters import dead_letter_topics, read, redrive
from egov_ops.kafka_overview import consumer_lag
from egov_schemas.identifiers import mask_personal_numbers
from egov_sdk.settings import PlatformSettings


def main(argv: list[str] | None = None, console: Console | None = None) -> int:
    args = _parser().parse_args(argv)
    out = console or Console()
    settings = PlatformSettings(service_name="egov-ops")
    try:
        if args.area == "lag":
            return asyncio.run(_lag(args, settings, out))
        return asyncio.run(_dlq(args, settings, out))
    except (LookupError, NotADeadLetter) as exc:
        out.print(f"[red]egov-ops: {exc}[/red]")
        return 2
    except KafkaError as exc:
        who = settings.kafka_username or "no user"
        out.print(
            f"[red]egov-ops: Kafka at {settings.kafka_bootstrap_servers} ({settings.kafka_security_protocol}, "
            f"{who}) did not answer: {exc}. Set KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, "
            "KAFKA_USERNAME and KAFKA_PASSWORD for an operator's principal (docs/operations.md).[/red]"
        )
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="egov-ops", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    commands = parser.add_subparsers(dest="area", required=True)
    dlq = commands.add_parser("dlq", help="dead letters: list, show, inspect, re-drive")
    dlq.add_argument("action", nargs="?", choices=["show", "inspect", "redrive"])
    dlq.add_argument("topic", nargs="?", help="a DLQ topic (egov.dlq.<consumer>)")
    dlq.add_argument("positions", nargs="*", metavar="PARTITION:OFFSET", help="records of the topic")
    dlq.add_argument("--all", action="store_true", help="redrive: every record of the topic")
    dlq.add_argument("--most", type=int, default=200, help="show: at most this many records (200)")
    lag = commands.add_parser("lag", help="consumer groups and how far behind they are")
    lag.add_argument("--group", default="", help="only the groups whose names start with this")
    return parser


async def _lag(args: argparse.Namespace, settings: PlatformSettings, out: Console) -> int:
    table = Table("consumer group", "topic", "partitions", "consumed", "end", "behind", title="Consumer lag")
    for lag in await consumer_lag(settings, prefix=args.group):
        style = "bold red" if lag.behind else ""
        table.add_row(
            lag.group, lag.topic, str(lag.partitions), str(lag.committed), str(lag.end), str(lag.behind), style=style
        )
    out.print(table)
    return 0


async def _dlq(args: argparse.Namespace, settings: PlatformSettings, out: Console) -> int:
    if args.action is None:
        table = Table("DLQ topic", "records", title="Dead letters")
        for topic, count in await dead_letter_topics(settings):
            table.add_row(topic, str(count))
        out.print(table)
        return 0
    if not args.topic:
        raise LookupError(f"dlq {args.action} needs a DLQ topic")
    if args.action == "show":
        table = Table(
            "at", "from (topic partition:offset)", "ce_type", "ce_id", "reason", "dead-lettered", title=args.topic
        )
        for letter in await read(settings, args.topic, most=args.most):
            shown = summary(letter)
            table.add_row(shown.position, shown.origin, shown.ce_type, shown.ce_id, shown.reason, shown.at)
        out.print(table)
        return 0
    letters = await read(settings, args.topic)
    if args.action == "redrive" and args.all:
        chosen = letters
    else:
        by_position = {letter.position: letter for letter in letters}
        if missing := [p for p in args.positions if p not in by_position]:
            raise LookupError(f"no record at {', '.join(missing)} of {args.topic}")
        if not args.positions:
            raise LookupError("name the records (PARTITION:OFFSET), or --all to redrive every one")
        chosen = [by_position[p] for p in args.positions]
    if args.action == "inspect":
        for letter in chosen:
            record = original(letter)
            body = (letter.value or b"").decode(errors="replace")
            out.print_json(
                json.dumps(
                    {
                        "dead_letter": letter.position,
                        "original_topic": record.topic,
                        "key": (record.key or b"").decode(errors="replace"),
                        "headers": {name: (value or b"").decode(errors="replace") for name, value in letter.headers},
                        # NOTE: on an operator's screen, personal numbers stay masked.
                        "body": mask_personal_numbers(body),
                    }
                )
            )
        return 0
    with Progress(console=out, transient=False) as progress:
        task = progress.add_task(f"re-driving {args.topic}", total=len(chosen))
        sent = await redrive(settings, chosen, lambda _: progress.advance(task))
    out.print(f"re-drove {sent} record(s) of {args.topic} to their topics")
    return 0


if __name__ == "__main__":
    sys.exit(main())
