"""The chart's monitoring: the ServiceMonitor, the PrometheusRule and the Grafana dashboard.

Renders deploy/helm/egov with the Helm that `make chart` builds and checks the rules with the promtool
it builds: `promtool check rules`, and the alerts' unit tests (deploy/helm/tests/rules-test.yaml) on
the rules as the chart renders them. Every metric the rules and the dashboard query must be one the
services serve (METRICS): a misspelt name would make an alert that never fires, a panel that stays empty.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import CollectorRegistry, Histogram, generate_latest

from egov_notifications.adapters import metrics as notification_metrics

ROOT = Path(__file__).resolve().parents[2]
HELM = ROOT / ".local/bin/helm"
PROMTOOL = ROOT / ".local/bin/promtool"
CHART = ROOT / "deploy/helm/egov"
DASHBOARD = CHART / "files/grafana/egov-platform.json"
RULES_TEST = ROOT / "deploy/helm/tests/rules-test.yaml"
OPERATIONS = ROOT / "docs/operations.md"
RELEASE = NAMESPACE = "egov"  # NOTE: as rules-test.yaml's series are labelled
RUNBOOK_BASE = "https://git.egov.local/egov/platform/-/blob/main"

# What every service serves on /metrics (the SDK's FastStream, HTTP, outbox, DLQ, lag and stage metrics;
# notifications' own), by the name of the metric family and its type; `up` is Prometheus' own.
METRICS = {
    "faststream_received_messages_total": "counter",
    "faststream_received_messages_size_bytes": "histogram",
    "faststream_received_messages_in_process": "gauge",
    "faststream_received_processed_messages_total": "counter",
    "faststream_received_processed_messages_duration_seconds": "histogram",
    "faststream_received_processed_messages_exceptions_total": "counter",
    "faststream_published_messages_total": "counter",
    "faststream_published_messages_duration_seconds": "histogram",
    "faststream_published_messages_exceptions_total": "counter",
    "http_requests_total": "counter",
    "http_request_duration_seconds": "histogram",
    "egov_outbox_depth": "gauge",
    "egov_outbox_oldest_age_seconds": "gauge",
    "egov_dead_letters_total": "counter",
    "egov_consumer_lag_records": "gauge",
    "egov_stage_duration_seconds": "histogram",
    "egov_notification_attempts_total": "counter",
    "egov_notifications_dead_lettered_total": "counter",
    "egov_notification_alerts_total": "counter",
    "up": "gauge",
}
SERIES = {
    f"{name}{suffix}"
    for name, kind in METRICS.items()
    for suffix in (("_bucket", "_count", "_sum") if kind == "histogram" else ("",))
}
STAGE_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600, 14400, 86400, 259200, 604800)
ALERTS = {
    "EgovApplicationsRoutedSlowly",
    "EgovDecisionsNotifiedSlowly",
    "EgovDeadLettersGrowing",
    "EgovOutboxStuck",
    "EgovConsumerLagHigh",
    "EgovHttpErrors",
    "EgovTargetDown",
}
PROMQL_WORDS = {"and", "or", "unless", "offset", "bool", "inf", "nan", "group_left", "group_right"}


def run(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv


def tool(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: `make chart` builds it from the Go module proxy")
    return path


def render(*helm_args: str) -> list[dict[str, Any]]:
    result = run(tool(HELM), "template", RELEASE, CHART, "--namespace", NAMESPACE, *helm_args)
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def only(manifests: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = [m for m in manifests if m["kind"] == kind]
    assert len(found) == 1, f"{len(found)} {kind}s rendered"
    return found[0]


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects: identifiers that are not functions, keywords,
    label names (in matchers, `by (...)` and the like), strings or durations."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    text = re.sub(r"\{[^}]*\}", "{}", text)
    text = re.sub(r"\[[^\]]*\]", "[]", text)
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    text = re.sub(r"\boffset\s+\w+", " ", text)
    names = set()
    for match in re.finditer(r"(?<![\w:.$])[A-Za-z_:][\w:]*", text):
        if match.group() not in PROMQL_WORDS and not text[match.end() :].lstrip().startswith("("):
            names.add(match.group())
    return names


def exposed_bounds() -> list[str]:
    """The `le` labels of egov_stage_duration_seconds' buckets as prometheus_client writes them, +Inf aside."""
    registry = CollectorRegistry()
    Histogram("stage", "", buckets=STAGE_BUCKETS, registry=registry)
    return [le for le in re.findall(r'le="([^"]+)"', generate_latest(registry).decode()) if le != "+Inf"]


def anchors(markdown: str) -> set[str]:
    """The anchors of a Markdown file's headings, as GitHub and GitLab make them."""
    headings = re.findall(r"^#+\s+(.+?)\s*$", markdown, flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


@pytest.fixture(scope="module")
def manifests() -> list[dict[str, Any]]:
    built = run(tool(HELM), "dependency", "build", CHART)
    assert built.returncode == 0, built.stderr
    return render()


@pytest.fixture(scope="module")
def rules(manifests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups = only(manifests, "PrometheusRule")["spec"]["groups"]
    return [rule for group in groups for rule in group["rules"]]


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return loaded


def panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in dashboard["panels"] if p["type"] != "row"]


def dashboard_queries(dashboard: dict[str, Any]) -> list[str]:
    return [target["expr"] for panel in panels(dashboard) for target in panel["targets"]]


def variables(dashboard: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["name"]: v for v in dashboard["templating"]["list"]}


def test_the_metric_name_check_sees_every_name_and_only_names():
    expr = (
        'sum by (job, le) (rate(egov_stage_duraton_seconds_bucket{stage="a",le="5.0"}[$__rate_interval] offset 1h))'
        " / on (job) group_left histogram_quantile(0.95, up) and egov_outbox_depth > 1e3 unless x:y:rate5m"
    )
    assert metric_names(expr) == {"egov_stage_duraton_seconds_bucket", "up", "egov_outbox_depth", "x:y:rate5m"}


def test_notifications_metrics_are_those_the_service_declares():
    collectors = (notification_metrics.ATTEMPTS, notification_metrics.DEAD_LETTERED, notification_metrics.ALERTS)
    declared = {f"{family.name}_total" for collector in collectors for family in collector.describe()}
    assert declared == {name for name in METRICS if name.startswith("egov_notification")}


def test_service_monitor_scrapes_every_service_of_the_release(manifests):
    monitor = only(manifests, "ServiceMonitor")
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    selector = monitor["spec"]["selector"]["matchLabels"]
    assert selector == {"app.kubernetes.io/instance": RELEASE, "app.kubernetes.io/part-of": "egov"}
    assert monitor["spec"]["endpoints"] == [{"port": "http", "path": "/metrics", "interval": "30s"}]
    assert monitor["spec"]["jobLabel"] == "app.kubernetes.io/name"
    services = [m for m in manifests if m["kind"] == "Service"]
    assert {s["metadata"]["labels"]["app.kubernetes.io/name"] for s in services} == {
        "catalog",
        "intake",
        "routing",
        "notifications",
        "registry-gateway",
        "workspace",
    }
    for service in services:
        assert selector.items() <= service["metadata"]["labels"].items()
        assert "http" in {port["name"] for port in service["spec"]["ports"]}


def test_labels_and_interval_come_from_values():
    manifests = render(
        "--set",
        "monitoring.serviceMonitor.interval=15s",
        "--set",
        "monitoring.serviceMonitor.labels.release=kube-prometheus",
        "--set",
        "monitoring.prometheusRules.labels.release=kube-prometheus",
        "--set",
        "monitoring.grafanaDashboard.labels.team=platform",
    )
    monitor = only(manifests, "ServiceMonitor")
    assert monitor["spec"]["endpoints"][0]["interval"] == "15s"
    assert monitor["metadata"]["labels"]["release"] == "kube-prometheus"
    assert only(manifests, "PrometheusRule")["metadata"]["labels"]["release"] == "kube-prometheus"
    labels = only(manifests, "ConfigMap")["metadata"]["labels"]
    assert labels["team"] == "platform"
    assert labels["grafana_dashboard"] == "1"


def test_each_part_can_be_turned_off():
    kinds = {
        m["kind"]
        for m in render(
            "--set",
            "monitoring.serviceMonitor.enabled=false",
            "--set",
            "monitoring.prometheusRules.enabled=false",
            "--set",
            "monitoring.grafanaDashboard.enabled=false",
        )
    }
    assert kinds.isdisjoint({"ServiceMonitor", "PrometheusRule", "ConfigMap"})


def test_every_alert_says_how_bad_what_happened_and_where_its_runbook_is(rules):
    assert {rule["alert"] for rule in rules} == ALERTS
    sections = anchors(OPERATIONS.read_text())
    for rule in rules:
        assert rule["labels"]["severity"] in {"critical", "warning"}, rule["alert"]
        assert rule["annotations"]["summary"].strip(), rule["alert"]
        assert rule["annotations"]["description"].strip(), rule["alert"]
        base, _, anchor = rule["annotations"]["runbook_url"].partition("#")
        assert base == f"{RUNBOOK_BASE}/docs/operations.md", rule["alert"]
        assert anchor in sections, f"{rule['alert']}: docs/operations.md has no section #{anchor}"


def test_alerts_watch_only_the_release_they_come_with(rules):
    for rule in rules:
        for selector in re.findall(r"\b\w+\{([^}]*)\}", rule["expr"]):
            assert f'namespace="{NAMESPACE}",service=~"{RELEASE}-.+"' in selector, rule["alert"]


def test_rules_pass_promtool_and_their_unit_tests(rules, manifests, tmp_path):
    """`promtool check rules` on the rendered rules, then deploy/helm/tests/rules-test.yaml: each SLO
    alert fires when the stage is too slow and stays silent when on time or idle, the DLQ alert fires
    on growth (a new series' first dead letter too), and the others on their conditions."""
    promtool = tool(PROMTOOL)
    rule_file = tmp_path / "egov-rules.yaml"
    rule_file.write_text(yaml.safe_dump(only(manifests, "PrometheusRule")["spec"]))
    checked = run(promtool, "check", "rules", rule_file)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"SUCCESS: {len(rules)} rules found" in checked.stdout
    unit = yaml.safe_load(RULES_TEST.read_text())
    unit["rule_files"] = [str(rule_file)]
    unit_file = tmp_path / "rules-test.yaml"
    unit_file.write_text(yaml.safe_dump(unit))
    tested = run(promtool, "test", "rules", unit_file)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    covered = {test["alertname"] for case in unit["tests"] for test in case.get("alert_rule_test", [])}
    assert covered == ALERTS


def test_rules_and_dashboard_query_only_metrics_the_services_serve(rules, dashboard):
    queries = [rule["expr"] for rule in rules] + dashboard_queries(dashboard)
    for variable in variables(dashboard).values():
        if variable["type"] == "query":
            selector = re.fullmatch(r"label_values\((.+),\s*\w+\)", variable["query"]["query"])
            assert selector, variable["name"]
            queries.append(selector.group(1))
    used: set[str] = set()
    for query in queries:
        names = metric_names(query)
        assert names, query
        assert names <= SERIES, f"unknown metric {sorted(names - SERIES)} in {query}"
        used |= names
    assert {"egov_stage_duration_seconds_bucket", "egov_dead_letters_total", "http_requests_total", "up"} <= used


def test_the_slo_bound_is_written_as_prometheus_client_writes_it():
    """A bucket's `le` as the services expose it (5 as "5.0"); the rules and the dashboard's defaults
    select that very string, and a number that is no bound fails the rendering."""
    exposed = exposed_bounds()
    assert len(exposed) == len(STAGE_BUCKETS)
    for bound, le in zip(STAGE_BUCKETS, exposed, strict=True):
        manifests = render(
            "--set",
            f"monitoring.prometheusRules.slo.routedWithinSeconds={bound}",
            "--set",
            f"monitoring.prometheusRules.slo.notifiedWithinSeconds={bound}",
            "--show-only",
            "templates/prometheus-rules.yaml",
            "--show-only",
            "templates/grafana-dashboard.yaml",
        )
        exprs = " ".join(r["expr"] for g in only(manifests, "PrometheusRule")["spec"]["groups"] for r in g["rules"])
        assert re.findall(r'le="([^"]+)"', exprs) == [le, le], bound
        rendered = json.loads(only(manifests, "ConfigMap")["data"]["egov-platform.json"])
        assert variables(rendered)["routed_within"]["current"]["value"] == le
        assert variables(rendered)["notified_within"]["current"]["value"] == le
    refused = run(
        tool(HELM), "template", RELEASE, CHART, "--set", "monitoring.prometheusRules.slo.routedWithinSeconds=7"
    )
    assert refused.returncode != 0
    assert "7 seconds is not a bucket bound of egov_stage_duration_seconds" in refused.stderr


def test_the_config_map_holds_the_dashboard(manifests, dashboard):
    rendered = json.loads(only(manifests, "ConfigMap")["data"]["egov-platform.json"])
    assert rendered == dashboard


def test_dashboard_is_tidy(dashboard):
    assert dashboard["schemaVersion"] >= 39
    assert dashboard["uid"] == "egov-platform"
    found = variables(dashboard)
    assert found["datasource"]["type"] == "datasource"
    assert found["datasource"]["query"] == "prometheus"
    assert {"namespace", "service"} <= found.keys()
    for name in ("routed_within", "notified_within"):
        assert found[name]["query"].split(",") == exposed_bounds()
    assert [p["title"] for p in dashboard["panels"] if p["type"] == "row"] == [
        "Applications: stages",
        "HTTP",
        "Kafka",
        "Outbox and dead letters",
        "Notifications",
    ]
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    taken: set[tuple[int, int]] = set()
    for panel in dashboard["panels"]:
        box = panel["gridPos"]
        assert box["x"] + box["w"] <= 24, panel["title"]
        cells = {(x, y) for x in range(box["x"], box["x"] + box["w"]) for y in range(box["y"], box["y"] + box["h"])}
        assert not cells & taken, f"{panel['title']} overlaps another panel"
        taken |= cells
    for panel in panels(dashboard):
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}, panel["title"]
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["datasource"] == panel["datasource"], panel["title"]


def test_dashboard_queries_parse_as_promql(dashboard):
    promtool = tool(PROMTOOL)
    for query in dashboard_queries(dashboard):
        result = run(promtool, "--experimental", "promql", "format", query.replace("$__rate_interval", "5m"))
        assert result.returncode == 0, f"{query}: {result.stderr}"


def test_service_monitor_leaves_out_the_simulators_which_serve_no_metrics():
    rendered = render("--set", "simulators.eid.enabled=true", "--set", "simulators.mail.enabled=true")
    selector = only(rendered, "ServiceMonitor")["spec"]["selector"]
    [expression] = selector["matchExpressions"]

    def scraped(service: dict[str, Any]) -> bool:
        labels = service["metadata"]["labels"]
        excluded = labels.get(expression["key"]) in expression["values"]
        return selector["matchLabels"].items() <= labels.items() and not excluded

    services = {s["metadata"]["labels"]["app.kubernetes.io/name"]: s for s in rendered if s["kind"] == "Service"}
    assert {"eid", "mail", "intake"} <= set(services)
    assert expression["operator"] == "NotIn"
    assert sorted(name for name, service in services.items() if not scraped(service)) == ["eid", "mail"]
