"""Suggestions while typing in the directory's search box: a small JSON answer for app/static/js/suggest.js."""
