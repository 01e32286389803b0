"""Capacity: the organisations' places and how many are free, in the workspace, the console and for residents."""
