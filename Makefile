# The e-services platform. `make run` starts it; `make test` checks everything. Both install
# what they need on first use (Python packages, Kafka jars) and cache it; PostgreSQL comes from
# Debian's `postgresql` package (.ci/run installs it where it is missing).

SHELL := /bin/bash
.DEFAULT_GOAL := help

# NOTE: uv uses the system Python 3.11 (it cannot download interpreters here).
export UV_PYTHON_DOWNLOADS := never
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
LOCAL := .local
KAFKA_LIBS := $(LOCAL)/kafka/libs/.complete
AXE := tests/browser/node_modules/axe-core/axe.min.js
HELM := $(LOCAL)/bin/helm
HELM_VERSION := v3.19.0
PROMTOOL := $(LOCAL)/bin/promtool
# NOTE: Prometheus 3.16.0 (its Go module tags v3.x.y as v0.3xx.y); remove_all_sd leaves out the cloud
# service discoveries, which promtool's rule checks do not need: about 3 minutes cold on 2 cores.
PROMTOOL_VERSION := v0.316.0
CHART := deploy/helm/egov
HANDLER_CHART := deploy/helm/egov-handler
CHART_EXAMPLE := deploy/helm/examples/three-administrations.yaml
CHART_EXAMPLE_RENDERED := docs/operations/three-administrations.rendered.yaml
UNIT_TESTS := schemas/tests sdk/tests services/*/tests handlers/*/tests simulators/*/tests bench/tests chaos/tests deploy/local/tests ops/tests tools/tests

.PHONY: help run stack stop test lint typecheck generated chart chart-example unit integration generate stack-deps postgres install clean

help:  ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

run: install stack-deps  ## start Kafka, PostgreSQL, every service and the example handler; Ctrl-C stops all
	$(UV) run egov-stack run

stack: install stack-deps  ## start only Kafka and PostgreSQL (in the background) and print their URLs
	$(UV) run egov-stack start

stop:  ## stop the local stack started by `make stack`
	$(UV) run egov-stack stop

test: install stack-deps lint typecheck generated chart unit integration  ## everything CI checks

lint: install  ## ruff: lint and format check
	$(UV) run ruff check .
	$(UV) run ruff format --check .

typecheck: install  ## mypy (strict) over every package
	$(UV) run mypy .

generated: install  ## committed JSON Schema, AsyncAPI and configuration docs match the code
	$(UV) run egov-export-schemas --check
	$(UV) run python tools/generate_docs.py --check

chart: install $(HELM) $(PROMTOOL)  ## lint the Helm charts, render them for each value set and validate every manifest offline
	$(HELM) dependency build $(CHART) >/dev/null
	$(HELM) dependency build $(HANDLER_CHART) >/dev/null
	$(HELM) lint --strict $(CHART)
	$(HELM) lint --strict $(HANDLER_CHART) -f deploy/helm/examples/handler-gabrovo.yaml
	$(UV) run python tools/validate_chart.py --helm $(HELM)
	mkdir -p $(LOCAL)/monitoring
	set -o pipefail; $(HELM) template egov $(CHART) --namespace egov --show-only templates/prometheus-rules.yaml \
		| sed -e '1,/^spec:$$/d' -e 's/^  //' > $(LOCAL)/monitoring/egov-rules.yaml
	$(PROMTOOL) check rules $(LOCAL)/monitoring/egov-rules.yaml
	$(PROMTOOL) test rules deploy/helm/tests/rules-test.yaml
	@$(HELM) template egov $(CHART) --namespace egov -f $(CHART_EXAMPLE) | diff -q - $(CHART_EXAMPLE_RENDERED) >/dev/null || \
		{ echo "$(CHART_EXAMPLE_RENDERED) is out of date: make chart-example" >&2; exit 1; }

chart-example: $(HELM)  ## render the example installation for three administrations into docs/
	$(HELM) dependency build $(CHART) >/dev/null
	$(HELM) template egov $(CHART) --namespace egov -f $(CHART_EXAMPLE) > $(CHART_EXAMPLE_RENDERED)

unit: install  ## unit tests of every package
	$(UV) run pytest -q $(UNIT_TESTS)

integration: install stack-deps browser-deps  ## integration, end-to-end and browser tests on the real local stack
	$(UV) run pytest -q tests

generate: install  ## regenerate JSON Schema, AsyncAPI and configuration docs
	$(UV) run egov-export-schemas
	$(UV) run python tools/generate_docs.py

install: $(UV)  ## Python packages of the workspace, from the lock file
	$(UV) sync --locked --quiet

$(UV):
	python3 -m pip install --user --quiet uv

stack-deps: $(KAFKA_LIBS) postgres  ## fetch the Kafka jars; check that PostgreSQL and ClamAV's clamd are installed
	@command -v clamd >/dev/null 2>&1 || [ -x /usr/sbin/clamd ] || \
		{ echo "ClamAV's clamd is missing (the platform scans attachments with it): apt-get install clamav-daemon" >&2; exit 1; }

postgres:
	@ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || [ -n "$$LOCAL_POSTGRES_BIN$$DATABASE_URL" ] || \
		{ echo "PostgreSQL is missing: apt-get install postgresql (or set DATABASE_URL)" >&2; exit 1; }

$(HELM):
	mkdir -p $(dir $@)
	GOBIN=$(abspath $(dir $@)) go install helm.sh/helm/v3/cmd/helm@$(HELM_VERSION)

$(PROMTOOL):
	mkdir -p $(dir $@)
	GOBIN=$(abspath $(dir $@)) go install -tags remove_all_sd github.com/prometheus/prometheus/cmd/promtool@$(PROMTOOL_VERSION)

$(KAFKA_LIBS): deploy/local/kafka/pom.xml
	rm -rf $(dir $@) && mkdir -p $(dir $@)
	mvn -q -B -f deploy/local/kafka/pom.xml dependency:copy-dependencies \
		-DincludeScope=runtime -DoutputDirectory=$(abspath $(dir $@))
	touch $@

clean:  ## remove the local stack's data, logs and binaries
	-$(UV) run egov-stack stop
	rm -rf $(LOCAL)

.PHONY: fuzz
FUZZ_REQUESTS ?= 1000
fuzz: install stack-deps  ## fuzz every service's HTTP API on a fresh local platform (docs/fuzzing.md); set FUZZ_REQUESTS
	$(UV) run python -m tests.fuzz $(FUZZ_REQUESTS)

.PHONY: bench
bench: install stack-deps  ## benchmark a fresh local platform (bench/README.md); set BENCH_APPLICATIONS, BENCH_ARGS
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(UV) run python -m bench $(BENCH_ARGS)

.PHONY: bench-worklist
bench-worklist: install stack-deps  ## the workspace's worklist at 100,000 cases per administration (bench/README.md); set BENCH_WORKLIST_ARGS
	$(UV) run python -m bench.worklist $(BENCH_WORKLIST_ARGS)

.PHONY: chaos
chaos: install stack-deps  ## kill -9 services, Kafka and PostgreSQL under load; nothing lost or doubled (docs/chaos.md); set CHAOS_APPLICATIONS
	$(UV) run python -m chaos $(CHAOS_ARGS)

.PHONY: browser-deps screenshots
browser-deps: $(AXE)  ## axe-core for the browser tests, from tests/browser/package-lock.json (Chromium: apt-get install chromium)

# NOTE: touch, because npm promises nothing about the unpacked file's mtime (`npm install` writes the lock
# after it), and an axe.min.js older than the lock would run npm ci on every make.
$(AXE): tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $@

screenshots: install stack-deps browser-deps  ## the portal's and the workspace's pages as PNGs in docs/portal and docs/workspace, from the browser tests
	PORTAL_SCREENSHOTS=1 $(UV) run pytest -q tests/browser
