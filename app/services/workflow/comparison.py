"""A revision as people compare it: each field before and as proposed, changed ones flagged.

A longer text that changed is compared word by word (``word_changes``): the words added are
marked ``<ins>``, the words removed ``<del>``, each with a hidden "added:"/"removed:" for screen
readers. A list (opening hours, phones) is compared line by line (``line_changes``); short values
(a status, a name) stay side by side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from app.models import Revision
from app.services.workflow.kinds import find_kind


def title_of(revision: Revision) -> str:
    """The record's name as proposed (else as it was, else what the kind is called)."""
    kind = find_kind(revision.kind)
    for values in (revision.proposed, revision.before):
        if kind is not None and values:
            try:
                name = kind.title(values)
            except (KeyError, TypeError, ValueError):
                name = None
            if name:
                return str(name)
    return str(kind.label) if kind is not None and kind.label else str(revision.kind)


def display_value(kind_name: str, name: str, value: Any) -> str:
    """A stored value as text for people: the kind's formatter first, then a generic one."""
    kind = find_kind(kind_name)
    if kind is not None and kind.display is not None:
        shown = kind.display(name, value)
        if shown is not None:
            return shown
    return generic_display(value)


def generic_display(value: Any) -> str:
    """Readable text for any JSON value (lists one item a line)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_l("Yes")) if value else str(_l("No"))
    if isinstance(value, list):
        return "\n".join(generic_display(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {generic_display(item)}" for key, item in value.items())
    return str(value)


@dataclass(frozen=True)
class ComparisonRow:
    """One line of the before/after table; ``words`` marks the changes of a longer text word by word."""

    name: str
    label: str
    before: str
    after: str
    changed: bool
    words: Markup | None = None


def comparison(revision: Revision) -> list[ComparisonRow]:
    """Every field of the revision with its value before and as proposed; changed ones flagged."""
    kind = find_kind(revision.kind)
    before, proposed = revision.before or {}, revision.proposed or {}
    labels = dict(kind.labels) if kind else {}
    names = list(labels) + [name for name in list(before) + list(proposed) if name not in labels]
    rows, seen = [], set()
    for name in names:
        if name in seen or (name not in before and name not in proposed):
            continue
        seen.add(name)
        old, new = before.get(name), proposed.get(name)
        old_text = display_value(revision.kind, name, old) if revision.before is not None else "—"
        new_text = display_value(revision.kind, name, new)
        changed = _normalise(old) != _normalise(new)
        words = None
        if changed and _is_text(old) and _is_text(new):
            words = word_changes(old_text, new_text)
        elif changed and isinstance(old, list) and isinstance(new, list) and old and new:
            words = line_changes(old_text, new_text)
        rows.append(ComparisonRow(name=name, label=str(labels.get(name, name)), before=old_text, after=new_text,
                                  changed=changed, words=words))
    return rows


def _normalise(value: Any) -> Any:
    return None if value in ("", [], {}) else value


# -- longer texts, word by word ------------------------------------------------------------------

LONG_TEXT_WORDS = 8  # a text of fewer words (a name, a status) is clearer shown whole, before and after
SIMILAR_ENOUGH = 0.5  # below this share of words kept, it was rewritten: shown whole, before and after
_TOKENS = re.compile(r"\s+|[^\s]+")


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _words(tokens: list[str]) -> int:
    return sum(1 for token in tokens if not token.isspace())


def word_changes(before: str, after: str) -> Markup | None:
    """The text as proposed with the words removed in ``<del>`` and the words added in ``<ins>``.

    None when a word-by-word view would not help: a short value, or a text rewritten nearly whole.
    Every piece of the texts is escaped; only the marks are markup.
    """
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    if max(_words(old), _words(new)) < LONG_TEXT_WORDS and "\n" not in before + after:
        return None
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    opcodes = _joined(matcher.get_opcodes(), old)
    kept = sum(_words(old[i1:i2]) for tag, i1, i2, _j1, _j2 in opcodes if tag == "equal")
    if 2 * kept < SIMILAR_ENOUGH * (_words(old) + _words(new)):
        return None
    pieces = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            pieces.append(escape("".join(new[j1:j2])))
        else:
            pieces.append(_marked(old[i1:i2], new[j1:j2]))
    return Markup("").join(pieces)


def line_changes(before: str, after: str) -> Markup:
    """A list shown one item a line (opening hours, phones, closures): the lines kept as they are, the
    lines removed in ``<del>`` and the lines added in ``<ins>`` — adding Saturday marks Saturday only."""
    old, new = before.split("\n"), after.split("\n")
    lines = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            lines.extend(escape(line) for line in new[j1:j2])
            continue
        lines.extend(Markup('<del><span class="visually-hidden">{} </span>{}</del>').format(str(_l("removed:")), line)
                     for line in old[i1:i2])
        lines.extend(Markup('<ins><span class="visually-hidden">{} </span>{}</ins>').format(str(_l("added:")), line)
                     for line in new[j1:j2])
    return Markup("<br>").join(lines)


def _joined(opcodes, old: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Merge changes that only a space keeps apart (``<del>a</del> <del>b</del>`` reads as one change)."""
    merged: list[list] = []
    for tag, i1, i2, j1, j2 in opcodes:
        between_changes = (tag == "equal" and merged and merged[-1][0] != "equal"
                           and all(token.isspace() for token in old[i1:i2]))
        if merged and merged[-1][0] != "equal" and (tag != "equal" or between_changes):
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
        else:
            merged.append([tag, i1, i2, j1, j2])
    return [tuple(step) for step in merged]


def _marked(removed: list[str], added: list[str]) -> Markup:
    """One change; the spaces at its edges stay outside the marks, and a change of spaces alone is not marked."""
    if not _words(removed) and not _words(added):
        return escape("".join(added))
    outer = added if added else removed  # the spaces at the edges of the text shown
    lead = outer[0] if outer[0].isspace() else ""
    trail = outer[-1] if outer[-1].isspace() else ""
    removed, added = _trimmed(removed, lead, trail), _trimmed(added, lead, trail)
    marks = Markup("")
    if _words(removed):
        marks += Markup('<del><span class="visually-hidden">{} </span>{}</del>').format(
            str(_l("removed:")), "".join(removed))
    if _words(added):
        marks += Markup('<ins><span class="visually-hidden">{} </span>{}</ins>').format(
            str(_l("added:")), "".join(added))
    return escape(lead) + marks + escape(trail)


def _trimmed(tokens: list[str], lead: str, trail: str) -> list[str]:
    """``tokens`` without the spaces shown outside the marks."""
    if lead and tokens and tokens[0].isspace():
        tokens = tokens[1:]
    if trail and tokens and tokens[-1].isspace():
        tokens = tokens[:-1]
    return tokens
