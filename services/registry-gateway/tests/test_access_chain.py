"""The audit's hash chain: each entry sealed after the one before; a changed, removed or
inserted entry, or a cut-off tail, is found and named."""

import dataclasses
import datetime as dt

from egov_registry_gateway.domain.access_chain import GENESIS, AccessEntry, ChainCheck, Verification, sealed

AT = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)


def entry(n: int) -> AccessEntry:
    return AccessEntry(
        administration_id="sofia",
        seq=0,
        request_id=f"r{n}",
        application_id=None,
        service=2016,
        operation="grao.person",
        subject_ref="ab" * 32,
        subject_masked="*********0",
        law_reason="ЗГР, чл. 106",
        purpose="проверка",
        requested_by="handler-sofia",
        requested_at=AT,
        answered_at=AT + dt.timedelta(seconds=n),
        outcome="found",
        detail=None,
        cached=False,
        previous_hash="",
        hash="",
    )


def chain(length: int) -> list[AccessEntry]:
    entries: list[AccessEntry] = []
    for n in range(1, length + 1):
        entries.append(sealed(entry(n), n, entries[-1].hash if entries else GENESIS))
    return entries


def verified(entries: list[AccessEntry], head: tuple[int, str] | None) -> Verification:
    check = ChainCheck("sofia")
    for one in entries:
        check.add(one)
    return check.result(head)


def test_an_untouched_chain_verifies() -> None:
    entries = chain(3)
    assert verified(entries, (3, entries[-1].hash)) == Verification("sofia", 3, True)
    assert verified([], None) == Verification("sofia", 0, True)


def test_the_same_time_in_another_zone_is_the_same_entry() -> None:
    placed = sealed(entry(1), 1, GENESIS)
    elsewhere = dataclasses.replace(
        placed, answered_at=placed.answered_at.astimezone(dt.timezone(dt.timedelta(hours=2)))
    )
    assert verified([elsewhere], (1, placed.hash)).valid


def test_a_changed_entry_is_found() -> None:
    entries = chain(3)
    entries[1] = dataclasses.replace(entries[1], outcome="not_found")
    result = verified(entries, (3, entries[-1].hash))
    assert (result.valid, result.broken_at, result.problem) == (False, 2, "the entry was changed after it was recorded")


def test_a_changed_entry_whose_hash_was_recomputed_breaks_the_next_link() -> None:
    entries = chain(3)
    entries[1] = sealed(dataclasses.replace(entries[1], purpose="друга цел"), 2, entries[0].hash)
    result = verified(entries, (3, entries[-1].hash))
    assert (result.valid, result.broken_at, result.problem) == (False, 3, "the link to the previous entry is broken")


def test_a_removed_entry_is_found() -> None:
    entries = chain(3)
    del entries[1]
    result = verified(entries, (3, entries[-1].hash))
    assert (result.valid, result.broken_at, result.problem) == (False, 2, "an entry is missing")


def test_a_cut_off_tail_is_found_against_the_head() -> None:
    entries = chain(3)
    result = verified(entries[:2], (3, entries[-1].hash))
    assert (result.valid, result.broken_at, result.problem) == (False, 3, "entries after the last one were removed")
