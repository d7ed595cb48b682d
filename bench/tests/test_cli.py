import json

from fastapi.testclient import TestClient

from bench.application_body import SAMPLE_APPLICATION
from bench.bare_http_app import build_app
from bench.harness import REQUIRED_KEYS
from bench.options import database_urls_from_env, parse_args
from bench.report import json_line, table


def test_bare_endpoint_takes_the_sample_and_refuses_a_bad_body():
    client = TestClient(build_app())
    accepted = client.post("/applications", json=SAMPLE_APPLICATION)
    assert accepted.status_code == 202
    assert accepted.json()["status"] == "submitted"
    assert client.post("/applications", json={**SAMPLE_APPLICATION, "service": "x"}).status_code == 422


def test_applications_come_from_the_environment_unless_the_flag_says(monkeypatch):
    monkeypatch.setenv("BENCH_APPLICATIONS", "1234")
    assert parse_args([]).options.applications == 1234
    assert parse_args(["--applications", "7"]).options.applications == 7


def test_database_urls_from_env():
    env = {"BENCH_DATABASE_URL_INTAKE": "postgresql://a/intake", "BENCH_DATABASE_URL_HANDLER_SOFIA": "postgresql://h"}
    assert database_urls_from_env(env) == {"intake": "postgresql://a/intake", "handler-sofia": "postgresql://h"}


def test_the_json_line_has_every_required_key():
    result = {**dict.fromkeys(REQUIRED_KEYS), "applications": 10, "e2e_per_s": 1.5}
    assert set(json.loads(json_line(result))) >= set(REQUIRED_KEYS)
    assert "10" in table(result)
