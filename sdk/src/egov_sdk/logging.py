"""Structured logs: one JSON object per line with event name, bound context and trace ids.

Personal numbers (EGN, LNCh) are masked in every value before a line is written, as a last line
of defence: code should not log personal data in the first place.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import MutableMapping
from typing import Any, TextIO

import structlog
from opentelemetry import trace

from egov_schemas.identifiers import mask_personal_numbers


def _add_trace_ids(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event_dict["trace_id"] = format(context.trace_id, "032x")
        event_dict["span_id"] = format(context.span_id, "016x")
    return event_dict


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return mask_personal_numbers(value)
    if isinstance(value, dict):
        return {key: _mask(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_mask(item) for item in value]
    return value


def mask_personal_data(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    return {key: _mask(value) for key, value in event_dict.items()}


class RepeatFilter(logging.Filter):
    """Lets one record per message template through every `interval` seconds.

    NOTE: while a broker is down, aiokafka logs every reconnect attempt as an error (thousands a
    minute); one line per template and interval, with the number held back, says the same.
    """

    def __init__(self, prefix: str, interval: float = 10.0):
        super().__init__()
        self._prefix = prefix
        self._interval = interval
        self._last: dict[tuple[str, object], float] = {}
        self._held: dict[tuple[str, object], int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(self._prefix):
            return True
        key = (record.name, record.msg)
        now = time.monotonic()
        if now - self._last.get(key, -self._interval) < self._interval:
            self._held[key] = self._held.get(key, 0) + 1
            return False
        self._last[key] = now
        if held := self._held.pop(key, 0):
            record.msg = f"{record.msg} (and {held} more like it)"
        return True


class _NamedWriteLogger(structlog.WriteLogger):
    """Writes lines to a stream, and knows its name (for `add_logger_name`)."""

    def __init__(self, stream: TextIO, name: str):
        super().__init__(stream)
        self.name = name


def configure_logging(service_name: str, level: str = "INFO", fmt: str = "json") -> None:
    """Route structlog and the standard library (uvicorn, aiokafka, Alembic) to one stream.

    NOTE: the platform's own lines go straight from structlog to stdout; only other libraries'
    lines pass through the standard library's `logging`. That route costs several times more per
    line, and services log a line for every transition they apply.
    """
    renderer: Any = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer()
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_trace_ids,
    ]
    finish: list[Any] = [structlog.processors.format_exc_info, mask_personal_data, renderer]
    structlog.configure(
        processors=[*shared, *finish],
        logger_factory=_named_logger,
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *finish],
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter)
    handler.addFilter(RepeatFilter("aiokafka"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    structlog.contextvars.bind_contextvars(service=service_name)
    for noisy in ("aiokafka", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


def _named_logger(*args: Any) -> _NamedWriteLogger:
    # NOTE: the stream is looked up when a logger is made, so that one replaced since (pytest's
    # capture, say) is the one written to.
    return _NamedWriteLogger(sys.stdout, str(args[0]) if args else "")


def get_logger(name: str) -> Any:
    """A logger whose lines carry `logger=name` (a structlog `FilteringBoundLogger`).

    NOTE: lazy: modules make their logger at import, before `configure_logging` has run, and it
    must take the configuration in force when it logs.
    """
    return structlog.get_logger(name)
