from chaos.evidence import Evidence, LifecycleEvent, Notification, Published, RegistryAnswer, RegistryCall
from chaos.verdict import verdict

NOTIFIED = frozenset({"routed", "accepted", "completed"})
STATES = ("submitted", "routed", "accepted", "completed")


def lifecycle(application: str, states: tuple[str, ...] = STATES) -> list[LifecycleEvent]:
    return [
        LifecycleEvent(application, n, state, Published(f"{application}-{n}", f"{application}:{n}".encode()))
        for n, state in enumerate(states, start=1)
    ]


def notifications(events: list[LifecycleEvent]) -> list[Notification]:
    """What the notifications service records: one per notified event id."""
    notified = {e.record.ce_id: e for e in events if e.state in NOTIFIED}
    return [Notification(ce_id, e.application_id, e.state) for ce_id, e in notified.items()]


def evidence(events: list[LifecycleEvent], **changes) -> Evidence:
    applications = frozenset(event.application_id for event in events)
    fields = {
        "acknowledged": applications,
        "stored": applications,
        "lifecycle": tuple(events),
        "routing_states": dict.fromkeys(applications, "completed"),
        "intake_states": dict.fromkeys(applications, "completed"),
        "notifications": tuple(notifications(events)),
        "notified_states": NOTIFIED,
        "registry_requests": frozenset({"r1"}),
        "registry_calls": {"r1": RegistryCall("r1", "found", completed=True)},
        "registry_answers": (RegistryAnswer("r1", Published("x", b"found")),),
        "registry_calls_made": {"r1": 1},
    }
    return Evidence(**{**fields, **changes})


def totals(found) -> tuple[int, int, int]:
    return found.lost.total(), found.duplicated.total(), found.stuck.total()


def test_a_clean_run_has_no_findings_and_redelivered_copies_are_no_fault():
    events = lifecycle("a") + lifecycle("b")
    copies = [events[1], events[2]]
    found = verdict(evidence(events + copies))
    assert totals(found) == (0, 0, 0)
    assert found.copies == 2


def test_an_acknowledged_application_missing_from_the_log_is_lost():
    events = lifecycle("a")
    found = verdict(evidence(events, acknowledged=frozenset({"a", "ghost"})))
    assert found.lost == {"acknowledged, not on the lifecycle log": 1, "acknowledged, not in intake's database": 1}
    assert found.examples["acknowledged, not on the lifecycle log"] == ["ghost"]


def test_a_gap_in_the_sequence_is_a_lost_transition():
    events = [event for event in lifecycle("a") if event.sequence != 3]
    assert verdict(evidence(events)).lost["lifecycle transitions"] == 1


def test_a_transition_made_twice_is_a_duplicated_effect_either_way():
    events = lifecycle("a")
    other_id = LifecycleEvent("a", 4, "completed", Published("another-id", b"a:4"))
    remade = LifecycleEvent("a", 4, "completed", Published("a-4", b"a:4 later"))
    # NOTE: a second event id for a transition is notified again, too.
    assert verdict(evidence([*events, other_id])).duplicated == {
        "events for one transition": 1,
        "notifications for one transition": 1,
    }
    assert verdict(evidence([*events, remade])).duplicated == {"events made twice on egov.applications": 1}


def test_decisions_made_twice_on_other_topics_are_duplicated_effects():
    events = lifecycle("a")
    replies = (Published("r", b"accept at 1"), Published("r", b"accept at 1"), Published("r", b"accept at 2"))
    found = verdict(evidence(events, work_events={"egov.replies.sofia": replies}))
    assert found.duplicated == {"events made twice on egov.replies.sofia": 1}
    assert found.copies == 1


def test_notifications_missing_or_doubled():
    events = lifecycle("a")
    sent = notifications(events)
    assert verdict(evidence(events, notifications=tuple(sent[:-1]))).lost == {"notifications": 1}
    doubled = (*sent, Notification("other", "a", "completed"))
    assert verdict(evidence(events, notifications=doubled)).duplicated == {"notifications for one transition": 1}


def test_registry_requests_unanswered_unaudited_called_twice_or_left_calling():
    events = lifecycle("a")
    assert verdict(evidence(events, registry_answers=())).lost == {"registry requests without an answer": 1}
    assert verdict(evidence(events, registry_calls={})).lost == {"registry requests without an audit record": 1}
    assert verdict(evidence(events, registry_calls_made={"r1": 2})).duplicated == {
        "registry answers recorded for one request": 1
    }
    two_answers = (RegistryAnswer("r1", Published("x", b"found")), RegistryAnswer("r1", Published("x", b"error")))
    assert verdict(evidence(events, registry_answers=two_answers)).duplicated == {"answers to one registry request": 1}
    calling = {"r1": RegistryCall("r1", "calling", completed=False)}
    assert verdict(evidence(events, registry_calls=calling)).stuck == {"registry calls never completed": 1}


def test_an_application_short_of_a_final_state_anywhere_is_stuck_once():
    events = lifecycle("a") + lifecycle("b", STATES[:3]) + lifecycle("c")
    found = verdict(
        evidence(
            events,
            routing_states={"a": "completed", "b": "accepted", "c": "accepted"},
            intake_states={"a": "routed", "b": "accepted", "c": "accepted"},
        )
    )
    assert found.stuck == {
        "in intake's status view: routed": 1,
        "last on the lifecycle log: accepted": 1,
        "in routing's table: accepted": 1,
    }


def test_a_stored_application_no_acknowledgement_names_is_a_second_one_and_must_still_end():
    events = lifecycle("a")
    found = verdict(evidence(events, stored=frozenset({"a", "second"})))
    assert found.duplicated == {"applications stored that no acknowledgement names": 1}
    assert found.stuck == {"stored, never on the lifecycle log": 1}
    assert found.lost.total() == 0


def test_a_record_dead_lettered_during_the_run_is_an_effect_lost():
    found = verdict(evidence(lifecycle("a"), dead_letters={"egov.dlq.routing.replies": 2, "egov.dlq.other": 0}))
    assert found.lost == {"records dead-lettered": 2}
    assert found.examples["records dead-lettered"] == ["egov.dlq.routing.replies"]


def test_an_outbox_record_set_aside_during_the_run_is_an_event_lost():
    found = verdict(evidence(lifecycle("a"), set_aside={"intake": 3, "routing": 0}))
    assert found.lost == {"outbox records set aside": 3}
