"""The signature of a msghub call: `x-api-sign` is the lowercase hex HMAC-SHA512 of the raw JSON
body bytes, keyed with the client's api secret (UTF-8). The body is signed exactly as sent, so a
client must sign the very bytes it posts, not a re-serialisation of them."""

from __future__ import annotations

import hashlib
import hmac


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha512).hexdigest()


def verify(secret: str, body: bytes, signature: str) -> bool:
    # NOTE: hex is read in either case; bytes on both sides because compare_digest refuses str
    # with non-ASCII characters, which a forged header may well carry.
    return hmac.compare_digest(sign(secret, body).encode(), signature.lower().encode())
