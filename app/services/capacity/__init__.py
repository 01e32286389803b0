"""Capacity: organisations' places (beds, rooms, protected flats), how many are free now, and their history."""
