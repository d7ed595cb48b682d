"""A dead letter read back: the record the SDK set aside, restored byte for byte (binary key and
headers, headers without a value) to be sent back to its topic; and what an operator is shown."""

from __future__ import annotations

import pytest
from aiokafka.structs import ConsumerRecord

from egov_ops.dead_letters import DeadLetter, NotADeadLetter, original, summary
from egov_sdk.dlq import dead_letter

HEADERS: list[tuple[str, bytes | None]] = [
    ("ce_id", b"0b8f7c5e-8d55-5a43-9a36-0d3f1f4c7a11"),
    ("ce_type", b"bg.egov.work.item.v2"),
    ("binary", b"\x00\xff\x10"),
    ("empty", None),
]


def consumed(key: bytes | None, headers: list[tuple[str, bytes | None]]) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(
        topic="egov.inbox.sofia",
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


def as_relayed(record: ConsumerRecord[bytes, bytes], reason: str) -> DeadLetter:
    """The dead letter as the relay sends it and egov-ops reads it: text keys and headers, as bytes."""
    letter = dead_letter(record, "handler.sofia", reason)
    headers = tuple((name, value.encode()) for name, value in letter.headers.items())
    key = letter.key.encode() if letter.key is not None else None
    return DeadLetter(letter.topic, 0, 7, key, letter.value, headers)


@pytest.mark.parametrize("key", [b"app-1", b"\xff\x00binary", None])
def test_the_original_record_is_restored_as_it_was(key: bytes | None) -> None:
    record = consumed(key, HEADERS)

    restored = original(as_relayed(record, "a bug in the handler"))

    assert restored.topic == "egov.inbox.sofia"
    assert restored.key == key
    assert restored.value == record.value
    assert sorted(restored.headers, key=lambda header: header[0]) == sorted(HEADERS, key=lambda header: header[0])


def test_the_summary_names_where_it_came_from_and_why_without_the_body() -> None:
    shown = summary(as_relayed(consumed(b"app-1", HEADERS), "the deceased's EGN 7501010010 is wrong"))

    assert shown.position == "0:7"
    assert shown.origin == "egov.inbox.sofia 2:41"
    assert (shown.ce_type, shown.ce_id) == ("bg.egov.work.item.v2", "0b8f7c5e-8d55-5a43-9a36-0d3f1f4c7a11")
    assert "7501010010" not in shown.reason
    assert "body" not in repr(shown)


def test_a_record_that_names_no_origin_is_not_sent_anywhere() -> None:
    with pytest.raises(NotADeadLetter, match="x-dlq-topic"):
        original(DeadLetter("egov.dlq.x", 0, 1, None, b"{}", (("ce_id", b"1"),)))
