"""Files no application and no draft refers to are deleted once they are old enough: an upload
replaced, a draft given up or expired. They hold personal data nobody sent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

# NOTE: a day: far longer than the moment between storing an upload and saving the draft that
# names it, so a file is never swept from under a citizen filling in a form.
GRACE_S = 24 * 3600.0
BATCH = 500


class SweptBlobs(Protocol):
    async def older_than(self, age_s: float) -> list[str]: ...
    async def delete(self, sha256: str) -> None: ...


class BlobSweep:
    def __init__(
        self,
        blobs: SweptBlobs,
        referenced: Callable[[list[str]], Awaitable[set[str]]],
        grace_s: float = GRACE_S,
    ):
        self._blobs = blobs
        self._referenced = referenced
        self._grace_s = grace_s

    async def round(self) -> int:
        """Delete the unreferenced blobs older than the grace period; how many."""
        candidates = await self._blobs.older_than(self._grace_s)
        deleted = 0
        for start in range(0, len(candidates), BATCH):
            batch = candidates[start : start + BATCH]
            kept = await self._referenced(batch)
            for sha256 in batch:
                if sha256 not in kept:
                    await self._blobs.delete(sha256)
                    deleted += 1
        return deleted
