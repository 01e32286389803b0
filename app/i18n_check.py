"""Checks that every translation catalogue is complete: no untranslated or fuzzy entry."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po


def catalogue_problems(translations_dir: Path) -> list[str]:
    """One line per untranslated or fuzzy message, per language."""
    problems = []
    catalogues = sorted(translations_dir.glob("*/LC_MESSAGES/messages.po"))
    if not catalogues:
        return [f"no catalogues under {translations_dir}"]
    for path in catalogues:
        language = path.parent.parent.name
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
        for message in catalogue:
            if not message.id:
                continue
            if message.fuzzy:
                problems.append(f"{language}: fuzzy: {message.id!r}")
            strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
            if not all(strings):
                problems.append(f"{language}: untranslated: {message.id!r}")
    return problems
