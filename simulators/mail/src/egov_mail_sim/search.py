"""Mailpit-like search: `to:`, `from:`, `subject:`, `message-id:` and bare words; every term must match.

A value may be quoted (`subject:"две думи"`). Matching ignores case and looks for the value inside
the field, as Mailpit's does; `to:` looks at To, Cc and the envelope recipients (so a Bcc is found
too); a bare word at the subject and the text part. `message-id:` must be the whole Message-ID,
with or without its angle brackets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from egov_mail_sim.parsing import Summary

TERM = re.compile(r'(?:(?P<key>[A-Za-z-]+):)?(?:"(?P<quoted>[^"]*)"?|(?P<word>\S+))')
MESSAGE_ID = "message-id"
BARE = ""

# NOTE: each field as the texts a value is looked for in.
FIELDS: dict[str, Callable[[Summary], Iterable[str]]] = {
    "to": lambda summary: [*(str(address) for address in (*summary.to, *summary.cc)), *summary.envelope_to],
    "from": lambda summary: [str(summary.sender)] if summary.sender else [],
    "subject": lambda summary: [summary.subject],
    BARE: lambda summary: [summary.subject, summary.text],
}


@dataclass(frozen=True)
class Term:
    field: str
    value: str


def parse_query(query: str) -> list[Term]:
    terms = []
    for match in TERM.finditer(query):
        key = (match["key"] or "").lower()
        value = match["quoted"] if match["quoted"] is not None else match["word"]
        if key not in FIELDS and key != MESSAGE_ID:
            # NOTE: not a search field (a URL, a time): the whole token is a word to look for.
            key, value = BARE, match.group(0).strip('"')
        value = value.strip()
        if value:
            terms.append(Term(key, value.strip("<>") if key == MESSAGE_ID else value.casefold()))
    return terms


def matches(summary: Summary, terms: Iterable[Term]) -> bool:
    return all(_matches(summary, term) for term in terms)


def _matches(summary: Summary, term: Term) -> bool:
    if term.field == MESSAGE_ID:
        return summary.message_id == term.value
    return any(term.value in text.casefold() for text in FIELDS[term.field](summary))
