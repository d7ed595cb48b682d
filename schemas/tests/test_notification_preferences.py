import pytest
from pydantic import ValidationError

from egov_schemas.notifications import CITIZEN_CHANNELS, NotificationPreferences


def test_by_default_bulgarian_and_every_channel():
    preferences = NotificationPreferences()
    assert (preferences.language, tuple(preferences.channels), preferences.webhook_url) == (
        "bg",
        CITIZEN_CHANNELS,
        None,
    )


def test_a_channel_named_twice_is_refused():
    with pytest.raises(ValidationError, match="name each channel once"):
        NotificationPreferences(channels=["email", "email"])


@pytest.mark.parametrize("url", ["https://firm.example/hooks\x00", "https://фирма.bg/"])
def test_a_webhook_url_that_is_not_printable_ascii_is_refused(url):
    with pytest.raises(ValidationError, match="printable ASCII"):
        NotificationPreferences(webhook_url=url)


def test_half_a_utf16_pair_in_a_webhook_url_is_refused_from_json():
    with pytest.raises(ValidationError):
        NotificationPreferences.model_validate_json('{"webhook_url": "https://firm.example/\\ud800"}')


def test_a_webhook_url_must_be_http():
    with pytest.raises(ValidationError):
        NotificationPreferences(webhook_url="ftp://firm.example/hooks")
    assert NotificationPreferences(webhook_url="https://firm.example/hooks?x=1").webhook_url
