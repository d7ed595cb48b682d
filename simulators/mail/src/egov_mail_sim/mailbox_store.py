"""The messages: a Maildir on disk, so they survive a restart, and an index in memory of each one's
summary, built once at start and kept up to date on each delivery, so that listing and searching
do not read every file again.

NOTE: one process owns the Maildir. Everything here runs on the event loop, never in threads, so
the index and the Maildir object need no lock; a write is one small local file.
"""

from __future__ import annotations

import datetime as dt
import mailbox
import re
from dataclasses import dataclass
from pathlib import Path

from egov_mail_sim.parsing import Detail, Summary, read_detail, summarize
from egov_mail_sim.search import matches, parse_query

# NOTE: the characters of the keys `mailbox.Maildir` makes (time, counters, host name with `\057`
# for `/`). Nothing else is looked up, so no ID can name a path outside the Maildir.
MAILDIR_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\\-]{0,254}")
# NOTE: a Maildir key starts with the time it was stored, `<seconds>.M<microseconds>`: more precise
# than the Received header's whole seconds, so the order of messages holds across a restart.
STORED_AT = re.compile(r"(\d+)\.M(\d{1,6})P")


@dataclass(frozen=True)
class Page:
    total: int
    matched: int
    messages: list[Summary]


class MailboxStore:
    def __init__(self, directory: Path) -> None:
        # NOTE: `mailbox.Maildir` makes tmp/, new/ and cur/ only when it makes the directory itself.
        for part in ("tmp", "new", "cur"):
            (directory / part).mkdir(mode=0o700, parents=True, exist_ok=True)
        self._maildir = mailbox.Maildir(directory, create=False)
        loaded = [summarize(key, self._maildir.get_bytes(key), _stored_at(key)) for key in self._maildir.iterkeys()]
        # NOTE: oldest first, as deliveries are appended; pages read it backwards, newest first.
        self._index = {summary.id: summary for summary in sorted(loaded, key=lambda s: (s.created, s.id))}

    def __len__(self) -> int:
        return len(self._index)

    def deliver(self, raw: bytes) -> Summary:
        # NOTE: SMTP's CRLF line ends stored as LF, as Maildir files have them; the decoded parts
        # then have plain newlines too.
        stored = raw.replace(b"\r\n", b"\n")
        key = self._maildir.add(stored)
        summary = summarize(key, stored, _stored_at(key))
        self._index[key] = summary
        return summary

    def page(self, start: int, limit: int, query: str = "") -> Page:
        terms = parse_query(query)
        found = [summary for summary in reversed(self._index.values()) if matches(summary, terms)]
        return Page(total=len(self._index), matched=len(found), messages=found[start : start + limit])

    def raw(self, key: str) -> bytes | None:
        """The stored message, or None for an ID that is not a key of the index (first by its characters)."""
        if not MAILDIR_KEY.fullmatch(key) or key not in self._index:
            return None
        try:
            return self._maildir.get_bytes(key)
        except KeyError:
            # NOTE: its file was removed by hand since: forget it too.
            del self._index[key]
            return None

    def detail(self, key: str) -> Detail | None:
        raw = self.raw(key)
        summary = self._index.get(key)
        return read_detail(summary, raw) if raw is not None and summary is not None else None

    def delete_all(self) -> None:
        self._maildir.clear()
        self._index.clear()


def _stored_at(key: str) -> dt.datetime | None:
    found = STORED_AT.match(key)
    if found is None:
        return None
    seconds, microseconds = (int(part) for part in found.groups())
    return dt.datetime.fromtimestamp(seconds, dt.UTC) + dt.timedelta(microseconds=microseconds)
