"""e-Delivery's JSON shapes (camelCase, dates ISO 8601 with their UTC offset) of the simulator's
target groups, profiles, templates and messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from egov_e_delivery_sim.messages import Delivery, Message
from egov_e_delivery_sim.profiles import Profile, TargetGroup
from egov_e_delivery_sim.templates import Template


def when(at: dt.datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def page(items: Sequence[dict[str, Any]], offset: int, limit: int) -> dict[str, Any]:
    """e-Delivery's paged list: `limit` items from `offset`, and how many there are in all."""
    return {"result": list(items[offset : offset + limit]), "length": len(items)}


def target_group(group: TargetGroup) -> dict[str, Any]:
    return {
        "targetGroupId": group.target_group_id,
        "name": group.name,
        "canSelectRecipients": group.can_select_recipients,
    }


def profile(found: Profile) -> dict[str, Any]:
    address = found.address
    return {
        "profileId": found.profile_id,
        "identifier": found.identifier,
        "name": found.name,
        "email": found.email,
        "phone": found.phone,
        "address": None
        if address is None
        else {
            "addressId": address.address_id,
            "residence": address.residence,
            "city": address.city,
            "state": address.state,
            "countryIso": address.country_iso,
        },
        "isActivated": found.is_activated,
        "isPassive": found.is_passive,
        "targetGroupId": found.target_group.target_group_id,
        "targetGroupName": found.target_group.name,
    }


def template_summary(template: Template) -> dict[str, Any]:
    return {
        "templateId": template.template_id,
        "name": template.name,
        "identityNumber": template.identity_number,
        "read": int(template.read),
        "write": int(template.write),
        "responseTemplateId": template.response_template_id,
    }


def template_detail(template: Template) -> dict[str, Any]:
    content = [
        {
            "id": field.id,
            "label": field.label,
            "type": field.type.value,
            "isEncrypted": field.is_encrypted,
            "isRequired": field.is_required,
            # NOTE: the ESB document describes it only as "Тип на поле | определител"; the simulator repeats the type.
            "discriminator": field.type.value,
        }
        for field in template.content
    ]
    return {**template_summary(template), "content": content}


def _sender(message: Message) -> dict[str, Any]:
    return {"profileId": message.sender.profile_id, "name": message.sender.name}


def _body(message: Message) -> dict[str, Any]:
    return {
        "subject": message.subject,
        "rnu": message.rnu,
        "templateId": message.template.template_id,
        "fields": dict(message.fields),
        "forwardedMessageId": None,
    }


def sent(message: Message) -> dict[str, Any]:
    """`GET /api/v1/messages/{id}/view`: the sender's view, with each recipient's opening date."""
    recipients = [
        {
            "profileId": delivery.recipient.profile_id,
            "name": delivery.recipient.name,
            "dateReceived": when(delivery.date_received),
        }
        for delivery in message.deliveries
    ]
    return {
        "messageId": message.message_id,
        "dateSent": when(message.date_sent),
        "sender": _sender(message),
        "recipients": recipients,
        **_body(message),
    }


def opened(message: Message, delivery: Delivery) -> dict[str, Any]:
    """`GET /api/v1/messages/{id}/open`: the message as its recipient sees it."""
    # NOTE: e-Delivery names the login that opened it; the simulator has one login per profile,
    # with the profile's id and name.
    return {
        "messageId": message.message_id,
        "dateSent": when(message.date_sent),
        "sender": _sender(message),
        "dateReceived": when(delivery.date_received),
        "recipientLogin": {"loginId": delivery.recipient.profile_id, "name": delivery.recipient.name},
        **_body(message),
    }


def inbox_item(message: Message, delivery: Delivery) -> dict[str, Any]:
    recipient = delivery.recipient
    return {
        "messageId": message.message_id,
        "dateSent": when(message.date_sent),
        "dateReceived": when(delivery.date_received),
        "subject": message.subject,
        "senderProfileName": message.sender.name,
        "senderLoginName": message.sender_login,
        "recipientProfileName": recipient.name,
        "recipientLoginName": recipient.name if delivery.date_received is not None else None,
        "url": f"/simulator/inbox/messages/{message.message_id}?identifier={quote(recipient.identifier, safe='')}",
        "rnu": message.rnu,
        "templateId": message.template.template_id,
    }


def outbox_item(message: Message) -> dict[str, Any]:
    # NOTE: one date for all recipients: the last opening once every recipient has opened, else null.
    dates = [delivery.date_received for delivery in message.deliveries]
    return {
        "messageId": message.message_id,
        "dateSent": when(message.date_sent),
        "dateReceived": None if None in dates else when(max(date for date in dates if date is not None)),
        "subject": message.subject,
        "senderProfileName": message.sender.name,
        "senderLoginName": message.sender_login,
        "recipients": ", ".join(delivery.recipient.name for delivery in message.deliveries),
        "url": None,
        "rnu": message.rnu,
        "templateId": message.template.template_id,
    }
