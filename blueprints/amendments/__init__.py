"""Amendments (aneks) of agreements: proposed by either side, approved by the other — ``console.py`` for the
department, ``workspace.py`` for the organisation."""
