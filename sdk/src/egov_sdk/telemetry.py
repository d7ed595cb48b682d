"""OpenTelemetry tracing: HTTP (FastAPI), and Kafka (spans made by the relay and the consumers).

The exporter is configured by the standard variables: with `OTEL_EXPORTER_OTLP_ENDPOINT` (or
`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) set, spans go to that collector over OTLP/HTTP; without
one, trace ids are made and propagated but spans are not recorded; with
`OTEL_SDK_DISABLED=true` nothing is. Trace context travels in W3C `traceparent` headers.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from opentelemetry import trace
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ParentBased

if TYPE_CHECKING:
    from fastapi import FastAPI

_configured = False


def configure_tracing(service_name: str) -> None:
    """Install the tracer provider once per process."""
    global _configured  # noqa: PLW0603 - the OpenTelemetry provider is process-global by design
    if _configured or os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return
    exporting = bool(
        os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    )
    # NOTE: with no collector, spans are not recorded (a record per event that nobody reads cost
    # a few per cent of the pipeline), but trace ids are still made and propagated, so log lines
    # of one application's journey share a trace id.
    provider = TracerProvider(
        resource=Resource.create({SERVICE_NAME: service_name}),
        sampler=None if exporting else ParentBased(ALWAYS_OFF),
    )
    if exporting:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _configured = True


def instrument_http(app: FastAPI) -> None:
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    # NOTE: a span per request, not also one per ASGI `receive` and `send` call (three times the work).
    FastAPIInstrumentor.instrument_app(app, excluded_urls="health/.*", exclude_spans=["receive", "send"])


def tracer(name: str) -> trace.Tracer:
    return trace.get_tracer(name)
