import base64

from aiokafka.structs import ConsumerRecord

from egov_sdk.dlq import dead_letter


def consumed(key: bytes | None, headers: list[tuple[str, bytes | None]]) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(
        topic="egov.applications",
        partition=2,
        offset=41,
        timestamp=0,
        timestamp_type=0,
        key=key,
        value=b"\x00 body kept as sent",
        checksum=None,
        serialized_key_size=0,
        serialized_value_size=0,
        headers=headers,
    )


def test_binary_keys_and_headers_are_kept_in_base64_and_null_headers_named():
    binary_time = (1_700_000_000).to_bytes(8, "big")
    record = consumed(b"k\x00y", [("ce_type", b"bg.egov.x.v1"), ("ce_time", binary_time), ("ce_id", None)])
    letter = dead_letter(record, "intake.status", "header ce_time is not UTF-8 text")

    assert letter.topic == "egov.dlq.intake.status"
    assert letter.value == record.value
    assert letter.key is not None
    assert base64.b64decode(letter.key) == b"k\x00y"
    assert base64.b64decode(letter.headers["ce_time"]) == binary_time
    assert letter.headers["ce_type"] == "bg.egov.x.v1"
    assert letter.headers["x-dlq-base64"] == "key,ce_time"
    assert letter.headers["x-dlq-null"] == "ce_id"
    assert (letter.headers["x-dlq-topic"], letter.headers["x-dlq-offset"]) == ("egov.applications", "41")
    assert all("\x00" not in value for value in [letter.key, *letter.headers.values()])


def test_clean_records_are_copied_as_they_are():
    letter = dead_letter(consumed(b"app-1", [("ce_type", b"bg.egov.x.v1")]), "routing.replies", "ЕГН 7501010010")
    assert (letter.key, letter.headers["ce_type"]) == ("app-1", "bg.egov.x.v1")
    assert "x-dlq-base64" not in letter.headers
    assert letter.headers["x-dlq-reason"] == "ЕГН *********0"
