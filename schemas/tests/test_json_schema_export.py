import json

from egov_schemas import EVENT_TYPES
from egov_schemas.export import DEFAULT_DIR, event_schemas, stale_files, write


def test_committed_json_schemas_match_the_models():
    assert stale_files(DEFAULT_DIR) == [], "run `make schemas` and commit schemas/json"


def test_a_changed_model_is_detected_as_drift(tmp_path):
    write(tmp_path)
    name = next(iter(event_schemas()))
    document = json.loads((tmp_path / name).read_text())
    document["properties"]["added"] = {"type": "string"}
    (tmp_path / name).write_text(json.dumps(document))
    (tmp_path / "bg.egov.gone.v1.json").write_text("{}")
    assert stale_files(tmp_path) == sorted([name, "bg.egov.gone.v1.json"])


def test_one_schema_per_event_type_with_its_ce_type():
    documents = event_schemas()
    assert len(documents) == len(EVENT_TYPES)
    assert all(doc["x-cloudevents-type"] == name.removesuffix(".json") for name, doc in documents.items())
