"""The login page's language and accessibility, health, the identities' EGNs, and the settings."""

import httpx
import pytest

from egov_eid_sim.identities import IDENTITIES, identity
from egov_eid_sim.keys import signing_key
from egov_eid_sim.settings import LOCAL_CLIENTS, EidSimSettings


def test_the_login_page_is_bulgarian_first_labelled_and_script_free(flow) -> None:
    page = flow.page()
    assert page.status_code == 200
    html = page.text
    assert '<html lang="bg">' in html
    assert "<h1>Вход с електронна идентичност" in html
    assert html.count("<fieldset>") == 2
    assert "<legend>Лице" in html
    assert "<legend>Ниво на осигуреност" in html
    assert "<script" not in html
    for person in IDENTITIES:
        assert f'<label><input type="radio" name="identity" value="{person.key}" required>' in html
    assert 'name="acr" value="eid_low" required checked' in html
    assert page.headers["cache-control"] == "no-store"


def test_health(http: httpx.Client) -> None:
    assert http.get("/health/live").json() == {"status": "ok"}
    assert http.get("/health/ready").json() == {"status": "ok"}


def _egn_check_digit(egn: str) -> int:
    remainder = sum(int(digit) * weight for digit, weight in zip(egn, (2, 4, 8, 5, 10, 9, 7, 3, 6), strict=False)) % 11
    return 0 if remainder == 10 else remainder


def test_every_demo_identity_has_a_valid_egn_and_is_found_by_each_name() -> None:
    for person in IDENTITIES:
        assert len(person.egn) == 10
        assert _egn_check_digit(person.egn) == int(person.egn[9])
        assert identity(person.key) is identity(person.egn) is identity(person.sub) is person
    with pytest.raises(KeyError):
        identity("nobody")


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PORT", "9024")
    monkeypatch.setenv("EID_SIM_CLIENTS", '{"app": {"redirect_uris": ["https://app.test/cb"]}}')
    settings = EidSimSettings()
    assert settings.http_port == 9024
    assert settings.clients["app"].secret is None
    assert EidSimSettings.model_fields["clients"].default_factory() == LOCAL_CLIENTS  # type: ignore[misc,call-arg]


def test_a_key_file_keeps_the_signing_key_across_restarts(tmp_path) -> None:
    key_file = tmp_path / "eid-key.json"
    first = signing_key(key_file)
    assert signing_key(key_file).kid == first.kid
    assert signing_key(None).kid != first.kid
