"""Outcome reports in the web: the organisation writes and submits (``workspace.py``), the department reviews
(``console.py``); both read through ``pages.py``, which loads a report through its agreement."""
