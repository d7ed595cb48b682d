"""The simulator's settings, read from `MAIL_SIM_*` environment variables (and `HTTP_PORT`, `SMTP_PORT`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class MailSimSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MAIL_SIM_", extra="ignore", frozen=True, validate_by_name=True)

    http_host: str = Field("127.0.0.1", description="Address both the web server and the SMTP server bind to")
    http_port: int = Field(
        8025,
        ge=0,
        le=65535,
        validation_alias=AliasChoices("HTTP_PORT", "http_port"),
        description="Port of the API and web pages (HTTP_PORT, without the prefix; 0: any free port)",
    )
    smtp_port: int = Field(
        1025,
        ge=0,
        le=65535,
        validation_alias=AliasChoices("SMTP_PORT", "smtp_port"),
        description="Port of the SMTP server (SMTP_PORT, without the prefix; 0: any free port)",
    )
    directory: Path = Field(
        Path(".local/mail"),
        description="Maildir of the messages (made if missing; relative to where it runs); kept across restarts",
    )
    max_message_bytes: int = Field(10 * 1024 * 1024, gt=0, description="Largest message accepted over SMTP")
    log_level: str = Field("INFO", description="Minimum log level")
