"""The citizen portal: server-rendered pages (Bulgarian first, English second) that work without
JavaScript, served by intake beside its JSON API."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "static"
