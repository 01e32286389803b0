"""Payments of agreements: tranches (scheduled, approved, paid), returns of unused money and service contracts' monthly
statements — ``console.py`` for the department, ``workspace.py`` for the organisation."""
