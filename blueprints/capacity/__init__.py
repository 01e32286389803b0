"""Capacity: the organisations' places and how many are free — the workspace, the department's board and residents' "places tonight"."""
