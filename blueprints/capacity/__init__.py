"""Capacity: the department's board, the organisation's units and the public "places tonight"."""
