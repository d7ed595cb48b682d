"""The Maildir and its index on their own: the order of messages read at start, and files put there by hand."""

from pathlib import Path

from egov_mail_sim.mailbox_store import MailboxStore

MESSAGE = "Received: from a ([127.0.0.1]) by egov-mail-sim with ESMTP; {date}\nSubject: {subject}\n\nТяло.\n"


def test_messages_read_at_start_are_ordered_by_the_microsecond_they_were_stored(tmp_path: Path) -> None:
    new = tmp_path / "new"
    new.mkdir(parents=True)
    same_second = "Mon, 02 Mar 2026 10:15:00 +0000"
    # NOTE: as text, "M99999" sorts after "M100000"; as time it is earlier.
    files = {
        "1772446500.M99999P7Q1.host": "second",
        "1772446500.M100000P7Q2.host": "third",
        "1772446499.M900000P7Q3.host": "first",
    }
    for key, subject in files.items():
        (new / key).write_text(MESSAGE.format(date=same_second, subject=subject))
    (new / "put-here-by-hand").write_text(MESSAGE.format(date="Mon, 02 Mar 2026 10:16:00 +0000", subject="last"))

    store = MailboxStore(tmp_path)
    page = store.page(0, 10)
    assert [summary.subject for summary in page.messages] == ["last", "third", "second", "first"]
    assert page.messages[1].created.isoformat() == "2026-03-02T10:15:00.100000+00:00"
    assert page.messages[0].created.isoformat() == "2026-03-02T10:16:00+00:00"
    assert (tmp_path / "cur").is_dir()
    assert (tmp_path / "tmp").is_dir()


def test_a_delivery_is_indexed_at_once_and_a_file_removed_by_hand_is_forgotten(tmp_path: Path) -> None:
    store = MailboxStore(tmp_path / "maildir")
    summary = store.deliver(b"Subject: =?utf-8?b?0J/QuNGB0LzQvg==?=\r\nMessage-ID: <m1@example.bg>\r\n\r\nx\r\n")
    assert (summary.subject, summary.message_id, len(store)) == ("Писмо", "m1@example.bg", 1)
    assert store.raw(summary.id) == b"Subject: =?utf-8?b?0J/QuNGB0LzQvg==?=\nMessage-ID: <m1@example.bg>\n\nx\n"
    (tmp_path / "maildir" / "new" / summary.id).unlink()
    assert store.raw(summary.id) is None
    assert store.page(0, 10).total == 0
