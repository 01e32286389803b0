"""Capacity: the organisations' places and how many are free.

The workspace (``workspace.py``), the department's board (``console.py``) and residents' "places tonight"
(``public.py``).
"""
