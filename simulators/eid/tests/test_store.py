"""What the simulator keeps in memory stays bounded over a long run: the oldest go first."""

from egov_eid_sim.store import MAX_KEPT, Store, bounded


def test_the_oldest_entries_go_first_beyond_the_bound() -> None:
    kept = {str(n): n for n in range(MAX_KEPT + 3)}
    bounded(kept)
    assert len(kept) == MAX_KEPT
    assert "0" not in kept
    assert "3" in kept


def test_login_pages_never_answered_do_not_pile_up() -> None:
    store = Store({})
    first = store.issue_login_form(b"first")
    for n in range(MAX_KEPT):
        store.issue_login_form(str(n).encode())
    assert not store.redeem_login_form(first, b"first")
