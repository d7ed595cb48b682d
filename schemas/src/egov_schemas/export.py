"""Exports the JSON Schema of every event into `schemas/json/`, or checks the files are current.

egov-export-schemas            # write the files
egov-export-schemas --check    # exit 1 if a committed file differs from the models
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from egov_schemas import EVENT_TYPES

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "json"


def event_schemas() -> dict[str, dict[str, Any]]:
    """File name → JSON Schema document, one per event type."""
    documents: dict[str, dict[str, Any]] = {}
    for ce_type, model in sorted(EVENT_TYPES.items()):
        schema = model.model_json_schema(mode="serialization")
        documents[f"{ce_type}.json"] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:egov:event:{ce_type}",
            "x-cloudevents-type": ce_type,
            **schema,
        }
    return documents


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def stale_files(directory: Path) -> list[str]:
    """Files that are missing, differ from the models, or belong to no event type."""
    expected = {name: render(doc) for name, doc in event_schemas().items()}
    present = {path.name for path in directory.glob("*.json")}
    stale = [
        name
        for name, text in expected.items()
        if not (directory / name).exists() or (directory / name).read_text(encoding="utf-8") != text
    ]
    return sorted(stale + sorted(present - expected.keys()))


def write(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    expected = event_schemas()
    for path in directory.glob("*.json"):
        if path.name not in expected:
            path.unlink()
    for name, document in expected.items():
        (directory / name).write_text(render(document), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    if args.check:
        if stale := stale_files(args.dir):
            print("JSON Schema files out of date (run `make schemas`): " + ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    write(args.dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
