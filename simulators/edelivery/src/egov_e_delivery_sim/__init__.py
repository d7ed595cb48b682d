"""A simulator of e-Delivery (Система за сигурно електронно връчване) for development and tests.

It speaks the shapes of e-Delivery's ESB REST API (governmentbg/edelivery2022,
`docs/edelivery_esb_api_0.6.md`): profiles, templates, messages and the open receipts a sender
polls as proof of delivery, each call identified by its `Dp-Miscinfo` header. It also serves a
citizen's inbox page in place of the e-Delivery portal. All state is in memory: a restart forgets
every profile and message it was given.
"""
