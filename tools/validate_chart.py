"""Renders the egov and egov-handler charts for each value set and validates every manifest offline (`make chart`).

- Kubernetes kinds: kubernetes-validate's strict schemas of Kubernetes KUBERNETES_VERSION (a field
  the schema does not declare is an error).
- Custom resources: the openAPIV3Schema of the CRDs vendored in deploy/helm/crds (README.md there
  says which project and version each is), made as strict as the API server is: a field that it
  would prune is an error, a required field with a default may be left out. Their metadata is
  checked as Kubernetes' ObjectMeta. CEL rules (x-kubernetes-validations) and formats are not.
- A kind with neither schema is an error.

    uv run python tools/validate_chart.py                             # the value sets of VALUE_SETS
    uv run python tools/validate_chart.py --values my.yaml            # ... and one more of the egov chart
    uv run python tools/validate_chart.py --handler-values my.yaml    # ... and one more of the egov-handler chart
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import yaml
from jsonschema.exceptions import best_match

ROOT = Path(__file__).resolve().parent.parent
CHART = ROOT / "deploy/helm/egov"
HANDLER_CHART = ROOT / "deploy/helm/egov-handler"
EXAMPLES = ROOT / "deploy/helm/examples"
CRDS = ROOT / "deploy/helm/crds"
KUBERNETES_VERSION = "1.37.0"
RELEASE = "ci"


@dataclass(frozen=True)
class ValueSet:
    """One rendering of a chart (the egov chart unless said), and the kinds that it must render at least once."""

    name: str
    helm_args: tuple[str, ...] = ()
    must_render: frozenset[str] = frozenset()
    values_file: Path | None = None
    chart: Path = CHART


ALWAYS = frozenset(
    {
        "Deployment",
        "Service",
        "PodDisruptionBudget",
        "NetworkPolicy",
        "KafkaTopic",
        "KafkaUser",
        "ServiceMonitor",
        "PrometheusRule",
        "ConfigMap",
    }
)
HANDLER_ALWAYS = frozenset({"Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy"})
VALUE_SETS = (
    ValueSet("defaults", must_render=ALWAYS),
    ValueSet(
        "autoscaling",
        ("--set", "services.intake.autoscaling.enabled=true"),
        must_render=frozenset({"HorizontalPodAutoscaler"}),
    ),
    ValueSet(
        "simulators",
        tuple(
            argument
            for simulator in ("eid", "pay-egov", "regix", "e-delivery", "sms", "mail")
            for argument in ("--set", f"simulators.{simulator}.enabled=true")
        ),
        must_render=frozenset({"Deployment", "Service"}),
    ),
    ValueSet(
        "three-administrations",
        values_file=EXAMPLES / "three-administrations.yaml",
        must_render=ALWAYS | {"Cluster", "Database", "HorizontalPodAutoscaler"},
    ),
    ValueSet(
        "handler-gabrovo",
        values_file=EXAMPLES / "handler-gabrovo.yaml",
        chart=HANDLER_CHART,
        must_render=HANDLER_ALWAYS,
    ),
    # NOTE: the chart's defaults otherwise (image, module and database Secret named after the administration).
    ValueSet(
        "handler-monitoring",
        ("--set", "administration=veliko-tarnovo", "--set", "monitoring.serviceMonitor.enabled=true"),
        chart=HANDLER_CHART,
        must_render=HANDLER_ALWAYS | {"ServiceMonitor"},
    ),
)


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # where in the manifest, as `spec.containers[0].image`; "" for the manifest as a whole
    message: str


@dataclass(frozen=True)
class CrdVersion:
    source: str  # the vendored directory, e.g. strimzi-0.51.0
    validator: jsonschema.protocols.Validator
    deprecation: str | None


def _unique_map_keys(
    validator: jsonschema.protocols.Validator, keys: list[str], instance: Any, schema: Mapping[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    """`x-kubernetes-list-type: map`: the API server refuses two items with the same keys."""
    if schema.get("x-kubernetes-list-type") != "map" or not validator.is_type(instance, "array"):
        return
    seen: set[str] = set()
    for index, item in enumerate(instance):
        key = json.dumps([item.get(name) for name in keys] if isinstance(item, dict) else item)
        if key in seen:
            yield jsonschema.ValidationError(f"duplicate item: another has the same {', '.join(keys)}", path=[index])
        seen.add(key)


# NOTE: Draft 4, as OpenAPI 3.0's schema objects are (exclusiveMinimum is a boolean there); types-jsonschema
# leaves extend untyped.
StructuralValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft4Validator, {"x-kubernetes-list-map-keys": _unique_map_keys}
)


def strict_schema(node: Mapping[str, Any]) -> dict[str, Any]:
    """JSON Schema from a CRD's structural schema, failing where the API server would prune or refuse."""
    strict = dict(node)
    if "properties" in node:
        strict["properties"] = {name: strict_schema(child) for name, child in node["properties"].items()}
    for key in ("items", "additionalProperties", "not"):
        if isinstance(node.get(key), dict):
            strict[key] = strict_schema(node[key])
    for key in ("allOf", "anyOf", "oneOf"):
        if key in node:
            strict[key] = [strict_schema(child) for child in node[key]]
    if node.get("x-kubernetes-int-or-string") and "anyOf" not in node:
        strict["type"] = ["integer", "string"]
    if node.get("nullable") and isinstance(strict.get("type"), str):
        strict["type"] = [strict["type"], "null"]
    preserved = node.get("x-kubernetes-preserve-unknown-fields") or node.get("x-kubernetes-embedded-resource")
    if node.get("type") == "object" and "additionalProperties" not in node and not preserved:
        strict["additionalProperties"] = False
    if "required" in node:
        # NOTE: the API server applies defaults before it validates, so a required field with a default may be left out.
        properties = node.get("properties", {})
        strict["required"] = [name for name in node["required"] if "default" not in properties.get(name, {})]
    if node.get("x-kubernetes-list-type") == "set":
        strict["uniqueItems"] = True
    return strict


def load_crds(directory: Path = CRDS) -> dict[tuple[str, str], CrdVersion]:
    """The served versions of every vendored CRD, by (apiVersion, kind)."""
    crds: dict[tuple[str, str], CrdVersion] = {}
    for path in sorted(directory.glob("*/*.yaml")):
        for crd in yaml.safe_load_all(path.read_text()):
            spec = crd["spec"]
            for version in spec["versions"]:
                if not version.get("served"):
                    continue
                schema = strict_schema(version["schema"]["openAPIV3Schema"])
                # NOTE: the API server checks metadata as ObjectMeta, whatever the CRD says (validate_manifest).
                schema["properties"]["metadata"] = {"type": "object"}
                deprecation = version.get("deprecationWarning", "deprecated") if version.get("deprecated") else None
                key = (f"{spec['group']}/{version['name']}", spec["names"]["kind"])
                crds[key] = CrdVersion(path.parent.name, StructuralValidator(schema), deprecation)
    return crds


def json_path(parts: Iterable[str | int]) -> str:
    """`spec.containers[0].image`; a key such as a label's name in brackets: `labels["app.kubernetes.io/name"]`."""
    path = ""
    for part in parts:
        if isinstance(part, int) or not re.fullmatch(r"[A-Za-z0-9_-]+", part):
            path += f"[{json.dumps(part)}]"
        else:
            path += f".{part}" if path else part
    return path


def problems_of(error: jsonschema.ValidationError) -> Iterator[Problem]:
    if error.context and all(sub.validator == "type" and not sub.relative_path for sub in error.context):
        types = " or ".join(repr(sub.validator_value) for sub in error.context)
        yield Problem(json_path(error.absolute_path), f"{error.instance!r} is not of type {types}")
        return
    if error.context:
        error = best_match(error.context)
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        declared = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
        for name in sorted(set(error.instance) - set(declared)):
            yield Problem(json_path([*path, name]), "unknown field (the schema has no such property)")
    elif error.validator == "required" and isinstance(error.instance, dict) and isinstance(error.validator_value, list):
        for name in error.validator_value:
            if name not in error.instance:
                yield Problem(json_path([*path, name]), "required field is missing")
    else:
        message = error.message if len(error.message) <= 200 else error.message[:200] + "…"
        yield Problem(json_path(path), message)


def core_problems(manifest: dict[str, Any]) -> list[Problem]:
    """Against Kubernetes' own schema of the kind, strict."""
    try:
        kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.SchemaNotFoundError:
        what = f"{manifest['kind']} {manifest['apiVersion']}"
        return [Problem("", f"no schema for {what}: neither a Kubernetes {KUBERNETES_VERSION} kind nor a vendored CRD")]
    except kubernetes_validate.ValidationError as error:
        return sorted(set(problems_of(error)))
    return []


def name_problems(manifest: dict[str, Any]) -> list[Problem]:
    metadata = manifest.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    return [] if isinstance(name, str) and name else [Problem("metadata.name", "required field is missing")]


def validate_manifest(manifest: object, crds: Mapping[tuple[str, str], CrdVersion]) -> list[Problem]:
    if not isinstance(manifest, dict):
        return [Problem("", f"not an object but {type(manifest).__name__}")]
    if not isinstance(manifest.get("apiVersion"), str) or not isinstance(manifest.get("kind"), str):
        return [Problem("", "apiVersion and kind are required strings")]
    crd = crds.get((manifest["apiVersion"], manifest["kind"]))
    if crd is None:
        return name_problems(manifest) + core_problems(manifest)
    # NOTE: a CRD's schema says nothing of metadata: the API server checks it as ObjectMeta, and so does this.
    object_meta = core_problems({"apiVersion": "v1", "kind": "ConfigMap", "metadata": manifest.get("metadata", {})})
    own = {problem for error in crd.validator.iter_errors(manifest) for problem in problems_of(error)}
    return name_problems(manifest) + object_meta + sorted(own)


class KubernetesLoader(yaml.SafeLoader):
    """YAML read as the API server reads it: an unquoted date stays a string."""


KubernetesLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_manifests(text: str) -> list[object]:
    return [document for document in yaml.load_all(text, KubernetesLoader) if document is not None]


class RenderError(Exception):
    pass


def render(helm: Path, value_set: ValueSet) -> list[object]:
    values = ("--values", str(value_set.values_file)) if value_set.values_file else ()
    command = [str(helm), "template", RELEASE, str(value_set.chart), *value_set.helm_args, *values]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        raise RenderError(result.stderr.strip())
    return load_manifests(result.stdout)


def describe(manifest: object) -> str:
    if isinstance(manifest, dict):
        metadata = manifest.get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        return f"{manifest.get('kind', '?')} {name or '(no name)'}"
    return "(not a manifest)"


def check(value_set: ValueSet, manifests: list[object], crds: Mapping[tuple[str, str], CrdVersion]) -> list[str]:
    """One message per problem (empty: all valid), and prints the value set's summary line."""
    failures = [
        f"{value_set.name}: {describe(manifest)}: {problem.path or '(manifest)'}: {problem.message}"
        for manifest in manifests
        for problem in validate_manifest(manifest, crds)
    ]
    kinds = Counter(manifest.get("kind", "?") for manifest in manifests if isinstance(manifest, dict))
    failures += [
        f"{value_set.name}: renders no {kind}, which this value set must render (VALUE_SETS in {Path(__file__).name})"
        for kind in sorted(value_set.must_render - set(kinds))
    ]
    counts = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    verdict = "valid" if not failures else f"checked, {len(failures)} problem{'s' if len(failures) > 1 else ''}"
    print(f"{value_set.name}: {len(manifests)} manifests {verdict} ({counts})")
    return failures


def deprecations(manifests: list[object], crds: Mapping[tuple[str, str], CrdVersion]) -> set[str]:
    found = set()
    for manifest in manifests:
        if isinstance(manifest, dict):
            crd = crds.get((str(manifest.get("apiVersion")), str(manifest.get("kind"))))
            if crd is not None and crd.deprecation:
                found.add(f"{manifest['kind']} {manifest['apiVersion']} ({crd.source}): {crd.deprecation}")
    return found


def against_what(crds: Mapping[tuple[str, str], CrdVersion]) -> str:
    kinds: dict[str, set[str]] = {}
    api_versions: dict[str, set[str]] = {}
    for (api_version, kind), crd in crds.items():
        kinds.setdefault(crd.source, set()).add(kind)
        api_versions.setdefault(crd.source, set()).add(api_version)
    listed = "; ".join(
        f"{source} ({', '.join(sorted(kinds[source]))}: {', '.join(sorted(api_versions[source]))})"
        for source in sorted(kinds)
    )
    return f"Kubernetes {KUBERNETES_VERSION} strict (kubernetes-validate {kubernetes_validate.__version__}); {listed}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--values", type=Path, action="append", default=[], help="one more value set of the egov chart: a values file"
    )
    parser.add_argument(
        "--handler-values",
        type=Path,
        action="append",
        default=[],
        help="one more value set of the egov-handler chart: a values file",
    )
    parser.add_argument("--helm", type=Path, default=ROOT / ".local/bin/helm", help="the helm binary")
    parser.add_argument("--crds", type=Path, default=CRDS, help="the vendored CRDs")
    args = parser.parse_args(argv)
    crds = load_crds(args.crds)
    print(f"validating against {against_what(crds)}")
    failures: list[str] = []
    notes: set[str] = set()
    value_sets = [
        *VALUE_SETS,
        *(ValueSet(path.name, values_file=path.resolve()) for path in args.values),
        *(ValueSet(path.name, values_file=path.resolve(), chart=HANDLER_CHART) for path in args.handler_values),
    ]
    for value_set in value_sets:
        try:
            manifests = render(args.helm, value_set)
        except RenderError as error:
            failures.append(f"{value_set.name}: helm template failed: {error}")
            continue
        failures += check(value_set, manifests, crds)
        notes |= deprecations(manifests, crds)
    for note in sorted(notes):
        print(f"note: {note}")
    sys.stdout.flush()
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
