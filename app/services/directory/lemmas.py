"""Other forms of a word: a compact, read-only lookup file built once from simplemma's dictionaries.

simplemma knows the inflected forms of Polish, Ukrainian and English words ("bezdomnych" → "bezdomny",
"психолога" → "психолог", "shelters" → "shelter"), but its Polish dictionary takes about 400 MB of memory
when loaded, more than a whole worker may use. So the web process never loads it: ``flask search lemmas``
(run by ``make setup``) reads the three dictionaries once, as a stream, and writes the pairs
(folded form, folded lemma) whose lemma differs from the form into a small SQLite file (a table
WITHOUT ROWID, one B-tree keyed by the form). ``lemmas_of(word)`` is then one indexed read of that file
on a per-thread connection, a few microseconds, with a bounded cache in front of it.

English adds a few spelling variants (US → UK: "counseling" → "counselling", "center" → "centre"),
so both spellings meet at the same word.

If the file is missing, search works without other forms and says so once in the log.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("pl", "uk", "en")
FORMAT = 2  # raised when what the file holds changes; a file of another format is rebuilt
FILE_NAME = f"search-lemmas-v{FORMAT}.sqlite3"
MAX_CHARS = 40  # as MAX_WORD_CHARS of the word index

log = logging.getLogger(__name__)

# US spellings people type, to the British ones the directory's English texts use (and back: both index rows).
SPELLINGS = {
    "counseling": "counselling", "counselor": "counsellor", "counselors": "counsellors", "counseled": "counselled",
    "center": "centre", "centers": "centres", "program": "programme", "programs": "programmes",
    "neighborhood": "neighbourhood", "behavior": "behaviour", "color": "colour", "labor": "labour",
    "traveling": "travelling", "jewelry": "jewellery", "license": "licence", "defense": "defence",
    "organization": "organisation", "organizations": "organisations", "apologize": "apologise",
    "caregiver": "carer", "caregivers": "carers", "check": "cheque", "diaper": "nappy", "diapers": "nappies",
    "apartment": "flat", "apartments": "flats", "pharmacy": "chemist", "mom": "mum", "moms": "mums",
}
_SPELLINGS_BACK = {uk: us for us, uk in SPELLINGS.items() if uk not in SPELLINGS}
_VALID = re.compile(r"^[\w']+$")


def default_path() -> Path:
    """Where the file lives: ``SEARCH_LEMMAS_PATH`` (config or environment), else the instance folder."""
    return Path(_configured() or _instance_file())


def _configured() -> str | None:
    try:
        from flask import current_app

        configured = current_app.config.get("SEARCH_LEMMAS_PATH")
    except RuntimeError:  # outside an application context
        configured = None
    return configured or os.environ.get("SEARCH_LEMMAS_PATH")


@lru_cache(maxsize=1)
def _instance_file() -> str:
    from config import INSTANCE_DIR

    return str(INSTANCE_DIR / FILE_NAME)


def _records(lang: str):
    """(form, lemma) of one simplemma dictionary, read as a stream (the file's sorted records, one at a time)."""
    from simplemma.strategies.dictionaries import frontcode
    from simplemma.strategies.dictionaries.dictionary_factory import _read_decompressed

    data = _read_decompressed(lang)
    reverse, _count, position = frontcode._read_header(data)
    for _start, key, value in frontcode._iter_records(data, position):
        if reverse:
            key, value = key[::-1], value[::-1]
        yield key.decode(), value.decode()


def build(path: str | Path, languages=LANGUAGES) -> int:
    """Write the lookup file at ``path`` (replacing it atomically); return how many pairs it holds.

    Proper names (capitalised entries) are kept only for forms that are no common word's form, so
    "Lata" (a surname) does not give "lata" a second lemma.
    """
    from app.services.directory.index import fold

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + f".{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    try:
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("CREATE TABLE raw (form TEXT, lemma TEXT, proper INTEGER)")

        def rows():  # every entry, those of a lemma itself too: they tell a common word from a name
            for lang in languages:
                for form, lemma in _records(lang):
                    folded, folded_lemma = fold(form)[:MAX_CHARS], fold(lemma)[:MAX_CHARS]
                    if _VALID.match(folded) and _VALID.match(folded_lemma):
                        yield folded, folded_lemma, int(form[:1].isupper())

        connection.executemany("INSERT INTO raw VALUES (?, ?, ?)", rows())
        connection.execute("CREATE INDEX raw_form ON raw (form, proper)")
        connection.execute("CREATE TABLE lemma (form TEXT NOT NULL, lemma TEXT NOT NULL, "
                           "PRIMARY KEY (form, lemma)) WITHOUT ROWID")
        connection.execute(
            "INSERT OR IGNORE INTO lemma SELECT form, lemma FROM raw AS r WHERE form != lemma AND (proper = 0 OR "
            "NOT EXISTS (SELECT 1 FROM raw AS c WHERE c.form = r.form AND c.proper = 0)) ORDER BY form, lemma")
        connection.executemany("INSERT OR IGNORE INTO lemma VALUES (?, ?)",
                               [*SPELLINGS.items(), *_SPELLINGS_BACK.items()])
        connection.execute("DROP TABLE raw")
        connection.execute("CREATE TABLE about (key TEXT PRIMARY KEY, value TEXT)")
        connection.execute("INSERT INTO about VALUES ('format', ?)", (str(FORMAT),))
        connection.commit()
        count = connection.execute("SELECT count(*) FROM lemma").fetchone()[0]
        connection.execute("VACUUM")
    finally:
        connection.close()
    os.replace(partial, path)
    _reset()
    return count


def is_built(path: str | Path) -> bool:
    """Whether ``path`` is a lookup file of the current format."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT value FROM about WHERE key = 'format'").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == str(FORMAT)


_local = threading.local()
_state = {"path": None, "warned": False, "generation": 0}


def _reset() -> None:
    """Forget connections and cached answers (after a build, or when the configured path changes)."""
    _state["generation"] += 1
    _cached.cache_clear()


def _connection():
    """This thread's read-only connection to the file, or None (logged once) when there is none."""
    path = str(_configured() or _instance_file())
    if _state["path"] != path:
        _state["path"] = path
        _reset()
    opened = getattr(_local, "opened", None)
    if opened is not None and opened[0] == (path, _state["generation"]):
        return opened[1]
    connection = None
    if os.path.exists(path):
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            connection.execute("PRAGMA cache_size=-512")  # 512 KiB of pages per thread
        except sqlite3.Error:
            connection = None
    if connection is None and not _state["warned"]:
        _state["warned"] = True
        log.warning("Search runs without other word forms: %s is missing (run `flask search lemmas`).", path)
    _local.opened = ((path, _state["generation"]), connection)
    return connection


@lru_cache(maxsize=20000)
def _cached(word: str, generation: int) -> tuple[str, ...]:
    connection = _connection()
    found: list[str] = []
    if connection is not None:
        found = [row[0] for row in connection.execute("SELECT lemma FROM lemma WHERE form = ?", (word,))]
    return tuple(found)


def lemmas_of(word: str) -> tuple[str, ...]:
    """The folded lemmas of a folded word other than itself (empty when it is a lemma or unknown)."""
    if not word or len(word) > MAX_CHARS:
        return ()
    _connection()  # notices a changed path
    return _cached(word, _state["generation"])


def forms_of(word: str) -> tuple[str, ...]:
    """A word and its lemmas, the word first."""
    return (word, *(lemma for lemma in lemmas_of(word) if lemma != word))
