"""Residents report mistakes in listings; organisations and the department handle them."""
