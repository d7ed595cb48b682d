"""Attached files kept by the SHA-256 of their bytes (content-addressed), on a folder that every
intake replica shares."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import tempfile
import time
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pathlib import Path

_SHA256 = re.compile(r"[0-9a-f]{64}")


class BlobStore(Protocol):
    async def put(self, content: bytes) -> str:
        """Keep `content`; its id, the lowercase hex SHA-256 (the same bytes always get the same id)."""
        ...

    async def get(self, sha256: str) -> bytes | None:
        """The bytes kept under `sha256`; None when there are none (or it is no SHA-256 at all)."""
        ...

    async def older_than(self, age_s: float) -> list[str]:
        """The blobs last stored more than `age_s` seconds ago."""
        ...

    async def delete(self, sha256: str) -> None: ...


class FilesystemBlobStore:
    """Each blob at `root/<sha[:2]>/<sha[2:4]>/<sha>`, written whole or not at all.

    NOTE: a blob is written to `root/tmp/`, synced, then renamed into place: a reader, or another
    replica storing the same bytes at the same moment, never sees a file half written, and a
    rename within one filesystem is atomic. The file IO runs in a thread, off the event loop.
    """

    def __init__(self, root: Path):
        self._root = root

    async def put(self, content: bytes) -> str:
        return await asyncio.to_thread(self._put, content)

    async def get(self, sha256: str) -> bytes | None:
        # NOTE: the id may come from a request: anything but a SHA-256 could name a path elsewhere.
        if not _SHA256.fullmatch(sha256):
            return None
        return await asyncio.to_thread(self._get, sha256)

    async def older_than(self, age_s: float) -> list[str]:
        return await asyncio.to_thread(self._older_than, age_s)

    async def delete(self, sha256: str) -> None:
        if _SHA256.fullmatch(sha256):
            await asyncio.to_thread(self._path(sha256).unlink, missing_ok=True)

    def _older_than(self, age_s: float) -> list[str]:
        before = time.time() - age_s
        return [
            path.name
            for path in self._root.glob("[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]/*")
            if _SHA256.fullmatch(path.name) and path.stat().st_mtime < before
        ]

    def _path(self, sha256: str) -> Path:
        return self._root / sha256[:2] / sha256[2:4] / sha256

    def _put(self, content: bytes) -> str:
        sha256 = hashlib.sha256(content).hexdigest()
        path = self._path(sha256)
        if path.exists():
            # NOTE: stored again now: the sweep of unreferenced blobs counts its age from here.
            os.utime(path)
            return sha256
        staging = self._root / "tmp"
        staging.mkdir(parents=True, exist_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=staging)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        _sync_directory(path.parent)
        return sha256

    def _get(self, sha256: str) -> bytes | None:
        try:
            return self._path(sha256).read_bytes()
        except FileNotFoundError:
            return None


def _sync_directory(directory: Path) -> None:
    """NOTE: a rename is on disk only once its folder is: else a crash could lose a blob that an
    accepted application already names."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
