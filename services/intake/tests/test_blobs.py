"""The filesystem blob store: content-addressed, written whole, and closed to any other path."""

import asyncio
import hashlib
from pathlib import Path

import pytest

from egov_intake.adapters.blobs import FilesystemBlobStore

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def test_a_blob_is_kept_under_its_sha256(tmp_path: Path) -> None:
    store = FilesystemBlobStore(tmp_path)
    sha256 = await store.put(PDF)
    assert sha256 == hashlib.sha256(PDF).hexdigest()
    assert (tmp_path / sha256[:2] / sha256[2:4] / sha256).read_bytes() == PDF
    assert await store.get(sha256) == PDF
    assert list((tmp_path / "tmp").iterdir()) == []


async def test_the_same_bytes_twice_are_one_blob_written_once(tmp_path: Path) -> None:
    store = FilesystemBlobStore(tmp_path)
    first = await store.put(PDF)
    path = tmp_path / first[:2] / first[2:4] / first
    written = path.stat()
    assert await store.put(PDF) == first
    assert path.stat().st_ino == written.st_ino


async def test_concurrent_puts_of_the_same_bytes_leave_one_whole_blob(tmp_path: Path) -> None:
    store = FilesystemBlobStore(tmp_path)
    ids = await asyncio.gather(*(FilesystemBlobStore(tmp_path).put(PDF) for _ in range(8)))
    assert set(ids) == {hashlib.sha256(PDF).hexdigest()}
    assert await store.get(ids[0]) == PDF
    assert list((tmp_path / "tmp").iterdir()) == []


async def test_an_empty_file_is_a_blob_too(tmp_path: Path) -> None:
    store = FilesystemBlobStore(tmp_path)
    assert await store.get(await store.put(b"")) == b""


async def test_an_unknown_blob_is_none(tmp_path: Path) -> None:
    assert await FilesystemBlobStore(tmp_path).get("0" * 64) is None


@pytest.mark.parametrize(
    "wrong",
    [
        "../../etc/passwd",
        "ab/cd/" + "0" * 58,
        "A" * 64,
        "0" * 63,
        "0" * 65,
        "0" * 64 + "\n",
        "g" * 64,
        "",
    ],
)
async def test_anything_but_a_sha256_is_refused(tmp_path: Path, wrong: str) -> None:
    store = FilesystemBlobStore(tmp_path / "blobs")
    sha256 = await store.put(PDF)
    (tmp_path / "blobs" / "secret").write_bytes(b"not a blob")
    assert await store.get(wrong) is None
    assert await store.get(sha256.upper()) is None
