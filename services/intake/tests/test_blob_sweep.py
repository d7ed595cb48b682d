"""Blobs no application or draft names are deleted once past the grace period; the others stay."""

import os
import time

from egov_intake.adapters.blobs import FilesystemBlobStore
from egov_intake.service_layer.blob_sweep import BlobSweep

DAY = 24 * 3600


def age(store_root, sha256: str, seconds: float) -> None:
    path = store_root / sha256[:2] / sha256[2:4] / sha256
    then = time.time() - seconds
    os.utime(path, (then, then))


async def test_only_old_unreferenced_blobs_are_swept(tmp_path):
    blobs = FilesystemBlobStore(tmp_path)
    named, forgotten, fresh = [await blobs.put(content) for content in (b"named", b"forgotten", b"fresh")]
    age(tmp_path, named, 2 * DAY)
    age(tmp_path, forgotten, 2 * DAY)
    asked: list[list[str]] = []

    async def referenced(hashes: list[str]) -> set[str]:
        asked.append(sorted(hashes))
        return {named} & set(hashes)

    assert await BlobSweep(blobs, referenced).round() == 1
    assert asked == [sorted([named, forgotten])]
    assert await blobs.get(forgotten) is None
    assert await blobs.get(named) == b"named"
    assert await blobs.get(fresh) == b"fresh"


async def test_storing_the_same_bytes_again_restarts_the_grace_period(tmp_path):
    blobs = FilesystemBlobStore(tmp_path)
    sha256 = await blobs.put(b"uploaded twice")
    age(tmp_path, sha256, 2 * DAY)
    assert await blobs.older_than(DAY) == [sha256]
    await blobs.put(b"uploaded twice")
    assert await blobs.older_than(DAY) == []


async def test_delete_refuses_what_is_no_sha256(tmp_path):
    blobs = FilesystemBlobStore(tmp_path)
    outside = tmp_path / "keep.txt"
    outside.write_text("not a blob")
    await blobs.delete("../keep.txt")
    assert outside.exists()
