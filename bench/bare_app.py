"""The baseline for the bench: a bare Flask app rendering one small template, no database.

Served by gunicorn from this folder (``gunicorn --chdir bench bare_app:app``); bench/run.py
compares the portal's requests per second with this app's, on the same machine in the same run.
"""

from __future__ import annotations

from flask import Flask, render_template

app = Flask(__name__)  # templates come from bench/templates/

ITEMS = (
    ("112", "Emergency number: police, ambulance, fire brigade"),
    ("116 123", "Emotional support line for adults in crisis"),
    ("116 111", "Helpline for children and young people"),
    ("800 120 002", "Niebieska Linia: for people experiencing domestic violence"),
)


@app.get("/")
def home():
    """A heading, a list and a paragraph, rendered by Jinja (the compiled template is cached)."""
    return render_template("page.html", title="Help in Miasto Demo", items=ITEMS)
