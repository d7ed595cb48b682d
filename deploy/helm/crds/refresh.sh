#!/usr/bin/env bash
# Refresh the vendored CRDs (README.md beside this script says what each is and why this version).
# Needs only the package registries: the Go module proxy, Maven Central, and a Java 21+ runtime.
# Change a version below, run `bash deploy/helm/crds/refresh.sh`, then `make chart`, and review the diff.
set -euo pipefail

CNPG_VERSION=v1.28.1
PROMETHEUS_OPERATOR_VERSION=v0.85.0
# NOTE: 0.51 is the last Strimzi release that serves kafka.strimzi.io/v1beta2; from 1.0 on only v1.
STRIMZI_VERSION=0.51.0
# NOTE: Strimzi publishes no crd-generator for 0.51.0; 1.2.0's regenerates 0.51.0's published CRDs byte for byte.
STRIMZI_CRD_GENERATOR_VERSION=1.2.0

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && go mod init crds >/dev/null 2>&1)

# Prints the directory of a Go module version, downloaded through the module proxy.
go_module_dir() {
    (cd "$WORK" && GOFLAGS=-mod=mod go mod download -json "$1@$2") |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])'
}

# Prints a java command of version 21 or newer (crd-generator 1.2.0 is built for Java 21).
java21() {
    local candidate
    for candidate in "${JAVA:-}" java /usr/lib/jvm/*/bin/java; do
        [ -n "$candidate" ] && command -v "$candidate" >/dev/null || continue
        if "$candidate" -version 2>&1 | head -1 | grep -qE '"(2[1-9]|[3-9][0-9])[."]'; then
            echo "$candidate"
            return
        fi
    done
    echo "no Java 21+ found: set JAVA=/path/to/java" >&2
    exit 1
}

vendor() {  # vendor DIR FILE...: replace the directory DIR with copies of FILE...
    rm -rf "$HERE/$1" && mkdir -p "$HERE/$1"
    local dir=$1 && shift
    cp "$@" "$HERE/$dir/" && chmod 644 "$HERE/$dir"/*
}

rm -rf "$HERE"/cloudnative-pg-* "$HERE"/prometheus-operator-* "$HERE"/strimzi-*

cnpg=$(go_module_dir github.com/cloudnative-pg/cloudnative-pg "$CNPG_VERSION")
vendor "cloudnative-pg-${CNPG_VERSION#v}" \
    "$cnpg/config/crd/bases/postgresql.cnpg.io_clusters.yaml" \
    "$cnpg/config/crd/bases/postgresql.cnpg.io_databases.yaml"

prometheus=$(go_module_dir github.com/prometheus-operator/prometheus-operator "$PROMETHEUS_OPERATOR_VERSION")
vendor "prometheus-operator-${PROMETHEUS_OPERATOR_VERSION#v}" \
    "$prometheus/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml" \
    "$prometheus/example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml"

# NOTE: Strimzi's jars hold the model classes, not the CRDs; these are the generator's arguments for
# KafkaTopic and KafkaUser in io.strimzi:api's own pom.xml (execution generate-crd-co-install-v1-eo).
(cd "$WORK" && for artifact in "io.strimzi:api:$STRIMZI_VERSION" "io.strimzi:crd-generator:$STRIMZI_CRD_GENERATOR_VERSION"; do
    mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="$artifact" -DoutputDirectory="$WORK/jars"
done)
mkdir -p "$WORK/strimzi"
"$(java21)" -cp "$WORK/jars/api-$STRIMZI_VERSION.jar:$WORK/jars/crd-generator-$STRIMZI_CRD_GENERATOR_VERSION.jar" \
    io.strimzi.crdgenerator.CrdGenerator \
    --label app:strimzi --label strimzi.io/crd-install:true --target-kube 1.16+ --crd-api-version v1 \
    --api-versions v1alpha1,v1beta1,v1beta2,v1 --storage-version v1beta2 --yaml \
    "io.strimzi.api.kafka.model.topic.KafkaTopic=$WORK/strimzi/043-Crd-kafkatopic.yaml" \
    "io.strimzi.api.kafka.model.user.KafkaUser=$WORK/strimzi/044-Crd-kafkauser.yaml"
vendor "strimzi-$STRIMZI_VERSION" "$WORK/strimzi/043-Crd-kafkatopic.yaml" "$WORK/strimzi/044-Crd-kafkauser.yaml"

echo "vendored into $HERE:" && (cd "$HERE" && ls -1 -- */*.yaml)
