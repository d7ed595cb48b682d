from egov_sdk.storable import LARGEST_INTEGER, unstorable


def test_ordinary_json_values_are_storable():
    value = {"name": "Иван", "trees": [{"count": LARGEST_INTEGER, "ok": True}], "area": 1.5, "none": None}
    assert list(unstorable(value, "form")) == []


def test_each_unstorable_value_is_named_by_its_path():
    value = {
        "name": "\ud800",
        "address": "ул. Шипка\x00",
        "trees": [{"count": 1}, {"count": LARGEST_INTEGER + 1}],
        "area": float("nan"),
        "extra": {"\x00": 1},
    }
    assert [error["field"] for error in unstorable(value, "form")] == [
        "form.name",
        "form.address",
        "form.trees.1.count",
        "form.area",
        "form.extra",
    ]
