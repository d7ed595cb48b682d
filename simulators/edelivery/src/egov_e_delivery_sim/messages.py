"""The mailbox, in memory: messages sent by institutions to profiles, and when each recipient
opened each message (`dateReceived`, e-Delivery's "дата на отваряне": the proof of delivery a
sender polls for).

Nothing is persisted: a restart forgets every message.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Annotated, TypeGuard

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints
from pydantic.alias_generators import to_camel

from egov_e_delivery_sim.problems import Invalid
from egov_e_delivery_sim.profiles import Profile, Profiles
from egov_e_delivery_sim.templates import TEMPLATES, FieldType, Template

MAX_RECIPIENTS = 50

FieldValue = str | bool | list[int]


class NewMessage(BaseModel):
    """The body of `POST /api/v1/messages`."""

    model_config = ConfigDict(alias_generator=to_camel, frozen=True)

    recipient_profile_ids: Annotated[list[int], Field(min_length=1, max_length=MAX_RECIPIENTS)]
    subject: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    # NOTE: "Референтен номер на услуга", the service reference: the platform puts its application's number here.
    rnu: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None = None
    template_id: int
    fields: dict[str, JsonValue] = Field(default_factory=dict)


@dataclass
class Delivery:
    recipient: Profile
    date_received: dt.datetime | None = None

    def open(self) -> None:
        """Record the first opening; later ones change nothing."""
        if self.date_received is None:
            self.date_received = dt.datetime.now(dt.UTC)


@dataclass
class Message:
    message_id: int
    sender: Profile
    sender_login: str  # the CN of the information system that sent it
    date_sent: dt.datetime
    subject: str
    rnu: str | None
    template: Template
    fields: dict[str, FieldValue]
    deliveries: list[Delivery] = field(default_factory=list)

    def delivery_to(self, profile_ids: Collection[int]) -> Delivery | None:
        return next((item for item in self.deliveries if item.recipient.profile_id in profile_ids), None)


def _accepts(value: JsonValue, kind: FieldType) -> TypeGuard[FieldValue]:
    if kind is FieldType.FILE:
        return isinstance(value, list) and all(isinstance(item, int) and not isinstance(item, bool) for item in value)
    if kind is FieldType.CHECKBOX:
        return isinstance(value, bool)
    return isinstance(value, str)


_EXPECTED = {FieldType.FILE: "a list of blob ids", FieldType.CHECKBOX: "true or false"}


def _blank(value: FieldValue | None) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _guid(key: str) -> str:
    """The GUID in its canonical form (.NET reads GUIDs in any case, with or without braces)."""
    try:
        return str(uuid.UUID(key))
    except ValueError:
        return key


def template_fields(
    template: Template, given: Mapping[str, JsonValue], errors: dict[str, list[str]]
) -> dict[str, FieldValue]:
    """The values of `template`'s fields; an error per unknown, mistyped or missing required field."""
    values: dict[str, FieldValue] = {}
    unknown = []
    for key, value in given.items():
        known = template.field(_guid(key))
        if known is None:
            unknown.append(key)
        elif value is None:
            continue
        elif _accepts(value, known.type):
            values[known.id] = value
        else:
            expected = _EXPECTED.get(known.type, "text")
            errors.setdefault(f"fields.{known.id}", []).append(f"The field '{known.label}' takes {expected}.")
    if unknown:
        errors.setdefault("fields", []).append(f"Template {template.template_id} has no field {', '.join(unknown)}.")
    for required in template.content:
        if required.is_required and _blank(values.get(required.id)) and f"fields.{required.id}" not in errors:
            errors.setdefault(f"fields.{required.id}", []).append(f"The field '{required.label}' is required.")
    return values


class Mailbox:
    def __init__(self, profiles: Profiles):
        self._profiles = profiles
        self._messages: dict[int, Message] = {}

    def send(self, sender: Profile, sender_login: str, data: NewMessage) -> Message:
        """A new message to every recipient; Invalid naming each unknown or deactivated recipient,
        an unknown template and each wrong field."""
        errors: dict[str, list[str]] = {}
        recipients: dict[int, Profile] = {}
        for index, profile_id in enumerate(data.recipient_profile_ids):
            if profile_id in recipients:
                continue
            profile = self._profiles.get(profile_id)
            if profile is None:
                errors[f"recipientProfileIds[{index}]"] = [f"There is no profile {profile_id}."]
            elif not profile.is_activated:
                errors[f"recipientProfileIds[{index}]"] = [f"The profile {profile_id} is not activated."]
            else:
                recipients[profile_id] = profile
        template = TEMPLATES.get(data.template_id)
        values = template_fields(template, data.fields, errors) if template is not None else {}
        if template is None:
            errors["templateId"] = [f"There is no template {data.template_id}."]
        if errors or template is None:
            raise Invalid(errors)
        message = Message(
            message_id=len(self._messages) + 1,
            sender=sender,
            sender_login=sender_login,
            date_sent=dt.datetime.now(dt.UTC),
            subject=data.subject,
            rnu=data.rnu or None,
            template=template,
            fields=values,
            deliveries=[Delivery(profile) for profile in recipients.values()],
        )
        self._messages[message.message_id] = message
        return message

    def get(self, message_id: int) -> Message | None:
        return self._messages.get(message_id)

    def open(self, message_id: int, profile_ids: Collection[int]) -> tuple[Message, Delivery] | None:
        """The message as opened by whichever of `profile_ids` is among its recipients, its first
        opening recorded; None if there is no such message or it is not to them."""
        message = self._messages.get(message_id)
        delivery = message.delivery_to(profile_ids) if message is not None else None
        if message is None or delivery is None:
            return None
        delivery.open()
        return message, delivery

    def sent_by(self, sender: Profile) -> list[Message]:
        """Newest first."""
        return [message for message in reversed(self._messages.values()) if message.sender is sender]

    def received_by(self, profile_ids: Collection[int]) -> list[tuple[Message, Delivery]]:
        """Newest first, each with its delivery to one of `profile_ids`."""
        found = ((message, message.delivery_to(profile_ids)) for message in reversed(self._messages.values()))
        return [(message, delivery) for message, delivery in found if delivery is not None]
