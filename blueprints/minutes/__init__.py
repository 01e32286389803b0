"""A network meeting's minutes in the web: the coordinator records attendance, minutes per agenda item, decisions
and actions, then approves them; members read the approved minutes, print them or download a PDF
(``workspace.py`` for organisations, ``console.py`` for the department, ``pages.py`` what both share)."""
