"""Which channels a notice goes by, in the order they are tried.

Legally significant notices (a decision, a request that pauses the term) go by e-Delivery when
the citizen has an active profile there: its open receipt is the proof of service the law
counts (the Administrative Procedure Code, art. 18a). Everything else, and legal notices with
no profile, go by e-mail, then SMS when e-mail cannot reach the citizen. A channel is used only
when the administration offers it, the citizen agreed to it, and there is an address for it.
The portal inbox always has the notice, whatever else happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from egov_schemas.lifecycle import ApplicationState

if TYPE_CHECKING:
    from collections.abc import Collection

    from egov_schemas.notifications import CitizenChannel, NotificationPreferences

LEGAL_STATES: frozenset[ApplicationState] = frozenset(
    {
        ApplicationState.REJECTED,
        ApplicationState.UNPAID,
        ApplicationState.INFO_REQUESTED,
        ApplicationState.COMPLETED,
        ApplicationState.REFUSED,
    }
)


@dataclass(frozen=True)
class Reach:
    """Where the citizen can be reached: an e-Delivery profile, an e-mail address, a phone."""

    e_delivery_profile: int | None
    email: str | None
    phone: str | None


def plan(
    state: ApplicationState,
    offered: Collection[str],
    preferences: NotificationPreferences,
    reach: Reach,
) -> list[CitizenChannel]:
    """The channels to try, first to last; each later one only if the one before fails."""
    agreed = set(preferences.channels) & set(offered)
    channels: list[CitizenChannel] = []
    if state in LEGAL_STATES and "e_delivery" in agreed and reach.e_delivery_profile is not None:
        channels.append("e_delivery")
    if "email" in agreed and reach.email:
        channels.append("email")
    if "sms" in agreed and reach.phone:
        channels.append("sms")
    return channels


def needs_e_delivery_profile(
    state: ApplicationState, offered: Collection[str], preferences: NotificationPreferences
) -> bool:
    """Whether to ask e-Delivery for the citizen's profile at all (a call per legal notice)."""
    return state in LEGAL_STATES and "e_delivery" in offered and "e_delivery" in preferences.channels
