"""A local SMTP server for development and tests, with a Mailpit-like API and web pages to read
what arrived.

Messages are kept in a Maildir, so they survive a restart. No authentication and no TLS: it is for
local development only.
"""
