"""clamd's configuration, the test signature shipped for it, and what intake is told about both."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from egov_localstack.clamd import SIGNATURES, Clamd, clamd_conf
from egov_localstack.platform import Platform
from egov_localstack.stack import Connection

# NOTE: the EICAR test file, built here so that it is never a file a scanner could quarantine.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR" + b"-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def settings(text: str) -> dict[str, str]:
    return dict(line.split(" ", 1) for line in text.splitlines())


def megabytes(size: str) -> int:
    assert size.endswith("M")
    return int(size[:-1])


def test_clamd_runs_in_the_foreground_on_loopback_tcp_alone(tmp_path: Path) -> None:
    conf = settings(clamd_conf(43310, tmp_path))
    assert conf["Foreground"] == "yes"
    assert (conf["TCPAddr"], conf["TCPSocket"]) == ("127.0.0.1", "43310")
    assert conf["DatabaseDirectory"] == str(tmp_path)
    assert not {"LocalSocket", "User", "PidFile", "LogFile"} & set(conf)


def test_clamd_reads_and_scans_the_whole_of_a_large_upload(tmp_path: Path) -> None:
    conf = settings(clamd_conf(3310, tmp_path))
    assert megabytes(conf["StreamMaxLength"]) >= 60
    assert conf["MaxFileSize"] == conf["MaxScanSize"] == conf["StreamMaxLength"]


def test_the_shipped_database_is_a_body_signature_of_the_eicar_file() -> None:
    (signature,) = (SIGNATURES / "egov-test.ndb").read_text().splitlines()
    name, target, offset, body = signature.split(":")
    assert (name, target, offset) == ("Eicar-Test-Signature", "0", "*")
    assert len(EICAR) == 68
    assert bytes.fromhex(body) == EICAR


def test_intake_is_told_where_clamd_listens_and_where_blobs_go(tmp_path: Path) -> None:
    platform = Platform(Connection("127.0.0.1:9092", "postgresql://x@127.0.0.1/postgres"), tmp_path, clamd_port=43310)
    assert platform._attachments() == {
        "BLOB_DIR": str(tmp_path / "blobs"),
        "CLAMD_HOST": "127.0.0.1",
        "CLAMD_PORT": "43310",
    }


def test_a_missing_clamd_says_which_package_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda *_, **__: None)
    with pytest.raises(FileNotFoundError, match="apt-get install clamav-daemon"):
        Clamd(tmp_path).start()
