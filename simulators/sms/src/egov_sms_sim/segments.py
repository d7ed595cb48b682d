"""How many SMS parts a text takes, and in which encoding (GSM 03.38, 3GPP TS 23.038).

A text made only of the GSM 7-bit alphabet travels as GSM-7: 160 septets in one SMS, 153 per
part when concatenated (the user data header takes the rest). A character of the extension table
(`€`, `[`, `{`, ...) is sent as an escape and its code, two septets. Any other character, Cyrillic
included, makes the whole text UCS-2: 70 characters in one SMS, 67 per part. A character outside
the Basic Multilingual Plane (an emoji) takes two UCS-2 units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# NOTE: the 128 codes of the basic table less 0x1B, the escape to the extension table.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")


class Encoding(StrEnum):
    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


@dataclass(frozen=True)
class Segments:
    encoding: Encoding
    parts: int


def count(text: str) -> Segments:
    if all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text):
        septets = [2 if char in GSM7_EXTENSION else 1 for char in text]
        return Segments(Encoding.GSM7, _parts(septets, single=160, per_part=153))
    units = [len(char.encode("utf-16-le")) // 2 for char in text]
    return Segments(Encoding.UCS2, _parts(units, single=70, per_part=67))


def _parts(sizes: Sequence[int], *, single: int, per_part: int) -> int:
    if sum(sizes) <= single:
        return 1
    # NOTE: an escape and its code, or the two halves of a surrogate pair, are never split across
    # parts: a character that does not fit whole starts the next part, which can add one.
    parts, used = 1, 0
    for size in sizes:
        if used + size > per_part:
            parts, used = parts + 1, 0
        used += size
    return parts
