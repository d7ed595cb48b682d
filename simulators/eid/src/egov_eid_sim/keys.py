"""The key that signs ID tokens: RS256, generated at start or kept in a file across restarts."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from joserfc.jwk import RSAKey

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)


def signing_key(key_file: Path | None) -> RSAKey:
    """The key in `key_file` if there is one; otherwise a new 2048-bit key, written there if a file is given."""
    if key_file is not None and key_file.exists():
        return RSAKey.import_key(json.loads(key_file.read_text()))
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"})
    key.ensure_kid()
    if key_file is not None:
        key_file.write_text(json.dumps(key.as_dict(private=True)))
        key_file.chmod(0o600)
        log.info("signing_key_created", extra={"key_file": str(key_file), "kid": key.kid})
    return key


def public_jwks(key: RSAKey) -> dict[str, Any]:
    return {"keys": [key.as_dict(private=False)]}
