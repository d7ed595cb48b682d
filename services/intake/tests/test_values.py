from egov_intake.domain.values import LARGEST_INTEGER, unstorable


def test_ordinary_json_values_are_storable():
    value = {"name": "Иван", "trees": [{"count": LARGEST_INTEGER, "ok": True}], "area": 1.5, "none": None}
    assert list(unstorable(value, "form")) == []


def test_each_unstorable_value_is_named_by_its_path():
    value = {"name": "\ud800", "trees": [{"count": 1}, {"count": LARGEST_INTEGER + 1}], "area": float("nan")}
    assert [error["field"] for error in unstorable(value, "form")] == ["form.name", "form.trees.1.count", "form.area"]
