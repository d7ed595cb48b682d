import json
import logging

import structlog
from opentelemetry.sdk.trace import TracerProvider

from egov_sdk.logging import configure_logging, get_logger


def test_json_lines_mask_personal_numbers_and_carry_trace_ids(capsys):
    configure_logging("test-service", "INFO", "json")
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("work"):
        get_logger("t").info("applicant_checked", detail="ЕГН 7501010010", nested={"egn": "7501010010"})
        logging.getLogger("stdlib").warning("plain %s", "7501010010")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    structured, plain = lines[-2], lines[-1]
    assert structured["event"] == "applicant_checked"
    assert structured["service"] == "test-service"
    assert structured["detail"] == "ЕГН *********0"
    assert structured["nested"] == {"egn": "*********0"}
    assert len(structured["trace_id"]) == 32
    assert plain["event"] == "plain *********0"


def test_repeated_driver_errors_are_held_back_and_counted(capsys):
    configure_logging("test-service", "INFO", "json")
    noisy = logging.getLogger("aiokafka.conn")
    for _ in range(50):
        noisy.error("Unable connect to node with id %s", 1)
    get_logger("t").info("own_event")
    events = [json.loads(line)["event"] for line in capsys.readouterr().out.splitlines()]
    assert events == ["Unable connect to node with id 1", "own_event"]


def test_a_logger_made_before_configuration_logs_as_configured(capsys):
    structlog.reset_defaults()
    early = get_logger("made.at.import")
    configure_logging("test-service", "INFO", "json")
    early.info("applicant_checked", detail="ЕГН 7501010010")
    line = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert (line["event"], line["logger"], line["detail"]) == ("applicant_checked", "made.at.import", "ЕГН *********0")
