"""What the case page shows, in the employee's language: the form's answers under their titles,
the files attached, the registry answers, the history in words, and the forms' inputs read back
(needed items, reasons)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egov_schemas.lifecycle import InformationNeeded
from egov_workspace.entrypoints.i18n import Language, has_text, text

if TYPE_CHECKING:
    from egov_schemas.work import AttachedFile, WorkItem
    from egov_workspace.adapters.audit import AuditEntry

FILE_PREFIXES = ("файл:", "file:")
MAX_NEEDED = 20
MAX_DESCRIPTION = 500
MAX_REASONS = 20


def answer_rows(form: dict[str, Any], schema: dict[str, Any], lang: Language) -> list[tuple[str, str]]:
    """(title, answer) for each answer, nested ones under their parents' titles, choices by their labels."""
    rows: list[tuple[str, str]] = []

    def add(value: Any, field: dict[str, Any], label: str) -> None:
        if isinstance(value, dict):
            properties = field.get("properties", {})
            for key, nested in value.items():
                add(nested, properties.get(key, {}), f"{label} › {_title(properties.get(key, {}), key, lang)}")
        elif isinstance(value, list):
            items = field.get("items", {})
            for index, nested in enumerate(value, start=1):
                add(nested, items, f"{label} {index}")
        elif value not in (None, ""):
            titles = field.get("x-enum-titles", {})
            chosen = titles.get(value) if isinstance(value, str) else None
            rows.append((label, chosen.get(lang, str(value)) if isinstance(chosen, dict) else str(value)))

    properties = schema.get("properties", {})
    properties = properties if isinstance(properties, dict) else {}
    # NOTE: in the form's order (the schema's), then any answer the schema does not name.
    for key in [*(key for key in properties if key in form), *(key for key in form if key not in properties)]:
        field = properties.get(key, {})
        add(form[key], field, _title(field, key, lang))
    return rows


def _title(field: dict[str, Any], key: str, lang: Language) -> str:
    title = field.get("x-title-en" if lang == "en" else "title") or field.get("title") or key
    return str(title)


def all_files(item: WorkItem) -> list[AttachedFile]:
    """The files attached with the application and with each answer to an information request."""
    return [*item.attachments, *(file for exchange in item.information for file in exchange.attachments)]


def registry_rows(data: dict[str, Any] | None) -> list[tuple[str, str]]:
    """A registry answer as (path, value) rows."""
    rows: list[tuple[str, str]] = []

    def add(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, nested in value.items():
                add(nested, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for index, nested in enumerate(value):
                add(nested, f"{path}.{index}")
        else:
            rows.append((path, "—" if value is None else str(value)))

    add(data or {}, "")
    return rows


def described(entry: AuditEntry, lang: Language) -> str:
    """An audit entry in words: what was done, and what it gave (a number, a colleague's name)."""
    key = f"action_{entry.action}"
    what = text(key, lang) if has_text(key) else entry.action
    shown = [
        str(entry.details[name])
        for name in ("registration_number", "to", "person", "operation", "status")
        if entry.details.get(name) is not None
    ]
    if (role := entry.details.get("role")) is not None:
        shown.append(text(f"role_{role}", lang) if has_text(f"role_{role}") else str(role))
    return f"{what}: {', '.join(shown)}" if shown else what


def needed_lines(lines: str) -> list[tuple[bool, str]]:
    """What is asked of the citizen, one per line, as (a file?, description); a line starting
    with `файл:`/`file:` asks for a file, and one with nothing after its prefix asks nothing."""
    asked = []
    for line in (line.strip() for line in lines.splitlines()):
        is_file = line.casefold().startswith(FILE_PREFIXES)
        description = line.split(":", 1)[1].strip() if is_file else line
        if description:
            asked.append((is_file, description))
    return asked


def needed_from(lines: str) -> list[InformationNeeded]:
    """The lines as `InformationNeeded`, keyed `answer_<n>` or `file_<n>` by their place; check
    `needed_lines` against MAX_NEEDED and MAX_DESCRIPTION first."""
    return [
        InformationNeeded(
            key=f"{'file' if is_file else 'answer'}_{index}",
            kind="attachment" if is_file else "answer",
            description=description,
        )
        for index, (is_file, description) in enumerate(needed_lines(lines), start=1)
    ]


def reasons_from(lines: str) -> list[str]:
    return [line.strip() for line in lines.splitlines() if line.strip()]
