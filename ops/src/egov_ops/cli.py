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
    egov-ops topics egov.inbox.                    topics: partitions, replicas, cleanup, retention, records, readers
    egov-ops kafka-user burgas                     an administration's Kafka principal and ACLs (as a super user)
    egov-ops kafka-user burgas --kubernetes        ... as a Strimzi KafkaUser, for `kubectl apply -f -`
    egov-ops replay intake.status --service-url http://egov-intake
                                                   rebuild a projection from its topic (EGOV_OPS_TOKEN: an operator's)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path

from aiokafka.errors import KafkaError
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from egov_ops.dead_letters import NotADeadLetter, original, summary
from egov_ops.kafka_dead_letters import dead_letter_topics, read, redrive
from egov_ops.kafka_overview import consumer_lag, topic_overview
from egov_ops.kafka_user_view import done_lines, handler_settings, kubernetes_comments
from egov_ops.kafka_users import NotAnAdministration, Refused, administration_principal, ensure_kafka_user
from egov_ops.replay import ReplayRefused, progress, start_replay
from egov_ops.strimzi import as_yaml, kafka_user_manifest, resource_name
from egov_ops.topics_view import COLUMNS, behind, topic_row
from egov_schemas.identifiers import mask_personal_numbers
from egov_sdk.settings import PlatformSettings

REPLAY_POLL_S = 0.5


def main(argv: list[str] | None = None, console: Console | None = None) -> int:
    args = _parser().parse_args(argv)
    out = console or Console()
    settings = PlatformSettings(service_name="egov-ops")
    areas = {"lag": _lag, "topics": _topics, "kafka-user": _kafka_user, "dlq": _dlq, "replay": _replay}
    try:
        return asyncio.run(areas[args.area](args, settings, out))
    except (LookupError, NotADeadLetter, NotAnAdministration, ReplayRefused) as exc:
        out.print(f"[red]egov-ops: {exc}[/red]")
        return 2
    except Refused as exc:
        who = settings.kafka_username or "no user"
        out.print(
            f"[red]egov-ops: Kafka at {settings.kafka_bootstrap_servers} refused {exc}; egov-ops ran as {who}[/red]"
        )
        return 3
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
    listed = commands.add_parser("topics", help="topics: shape, retention, records held, who reads them")
    listed.add_argument("prefix", nargs="?", default="", help="only the topics whose names start with this")
    listed.add_argument("--all", action="store_true", help="Kafka's internal topics too (__consumer_offsets, ...)")
    user = commands.add_parser("kafka-user", help="an administration's Kafka principal with its ACLs")
    user.add_argument("administration", help="the administration's id, e.g. burgas-district")
    user.add_argument("--password-file", help="its password (else one is generated and shown once)")
    user.add_argument("--create-topics", action="store_true", help="its four topics too, if missing")
    user.add_argument("--kubernetes", action="store_true", help="print a Strimzi KafkaUser instead (kubectl apply)")
    user.add_argument("--release", default="egov", help="--kubernetes: the Helm release's name (egov)")
    user.add_argument("--cluster", default="egov-kafka", help="--kubernetes: the Strimzi Kafka cluster (egov-kafka)")
    user.add_argument("--namespace", help="--kubernetes: the namespace of the KafkaUser")
    replay = commands.add_parser("replay", help="rebuild a service's projection from its topic")
    replay.add_argument("consumer", help="the projection's consumer, e.g. intake.status")
    replay.add_argument("--service-url", required=True, help="the service's base URL, e.g. http://egov-intake")
    replay.add_argument("--wait", type=float, default=3600, help="seconds to follow it before giving up (3600)")
    return parser


async def _replay(args: argparse.Namespace, settings: PlatformSettings, out: Console) -> int:
    token = os.environ.get("EGOV_OPS_TOKEN")
    if not token:
        raise ReplayRefused("set EGOV_OPS_TOKEN to an operator's bearer token (egov-stack token --operator)")
    started = await start_replay(args.service_url, args.consumer, token)
    group, topics = str(started["group"]), [str(topic) for topic in started["topics"]]
    out.print(f"{args.consumer}: reset; consumer group {group} reads {', '.join(topics)} from the beginning")
    deadline = asyncio.get_running_loop().time() + args.wait
    with Progress(console=out, transient=True) as bar:
        task = bar.add_task(f"replaying {args.consumer}", total=None)
        while True:
            now = await progress(settings, group, topics)
            bar.update(task, completed=now.done, total=now.total)
            if now.caught_up:
                break
            if asyncio.get_running_loop().time() > deadline:
                out.print(f"[red]egov-ops: {group} has read {now.done} of {now.total} records; still going[/red]")
                return 4
            await asyncio.sleep(REPLAY_POLL_S)
    out.print(f"{args.consumer}: caught up ({now.done} records read again by {group})")
    return 0


async def _lag(args: argparse.Namespace, settings: PlatformSettings, out: Console) -> int:
    table = Table("consumer group", "topic", "partitions", "consumed", "end", "behind", title="Consumer lag")
    for lag in await consumer_lag(settings, prefix=args.group):
        style = "bold red" if lag.behind else ""
        table.add_row(
            lag.group, lag.topic, str(lag.partitions), str(lag.committed), str(lag.end), str(lag.behind), style=style
        )
    out.print(table)
    return 0


async def _topics(args: argparse.Namespace, settings: PlatformSettings, out: Console) -> int:
    with Progress(console=out, transient=True) as progress:
        task = progress.add_task("describing topics", total=None)
        found = await topic_overview(
            settings,
            prefix=args.prefix,
            internal=args.all,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    table = Table(*COLUMNS, title="Topics")
    for topic in found:
        table.add_row(*topic_row(topic), style="bold red" if behind(topic) else "")
    out.print(table)
    return 0


async def _kafka_user(args: argparse.Namespace, settings: PlatformSettings, out: Console) -> int:
    if args.kubernetes and (args.password_file or args.create_topics):
        raise LookupError(
            "--kubernetes makes no password and no topic: Strimzi makes the password, the catalog the topics"
        )
    if args.kubernetes:
        manifest = kafka_user_manifest(
            args.administration, release=args.release, cluster=args.cluster, namespace=args.namespace
        )
        name = resource_name(args.release, administration_principal(args.administration))
        document = kubernetes_comments(name, args.namespace) + as_yaml(manifest)
        out.print(document, markup=False, highlight=False, soft_wrap=True, end="")
        return 0
    password = _password(args.password_file) if args.password_file else None
    user = await ensure_kafka_user(settings, args.administration, password, create_topics=args.create_topics)
    for line in done_lines(user, args.administration, create_topics=args.create_topics) + handler_settings(
        user, settings.kafka_security_protocol, args.password_file
    ):
        out.print(line, markup=False, highlight=False, soft_wrap=True)
    return 0


def _password(path: str) -> str:
    try:
        password = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise LookupError(f"cannot read the password file {path}: {exc.strerror}") from None
    if not password:
        raise LookupError(f"the password file {path} is empty")
    return password


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
