"""Who may read an application's status: whoever holds the capability token returned when it
was submitted (the portal adds the citizen's own identity).

The token is an HMAC of the application id under intake's secret key, so it needs no storage,
and a retried submission (same Idempotency-Key) gets the same token back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac


class ApplicationTokens:
    def __init__(self, key: bytes):
        self._key = key

    def issue(self, application_id: str) -> str:
        digest = hmac.new(self._key, f"application:{application_id}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def webhook_secret(self, application_id: str) -> str:
        """The secret the notices to the application's webhook are signed with, in Standard
        Webhooks' form (`whsec_` and base64); derived like the token, so a retry gets it again."""
        digest = hmac.new(self._key, f"webhook:{application_id}".encode(), hashlib.sha256).digest()
        return "whsec_" + base64.b64encode(digest[:24]).decode()

    def valid(self, application_id: str, token: str) -> bool:
        return hmac.compare_digest(self.issue(application_id), token)
