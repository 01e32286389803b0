"""Dashboards: what the money achieved — the department's per programme and year and per organisation over years
(console), and the public results page."""
