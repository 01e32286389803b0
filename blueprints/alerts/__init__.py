"""The department puts time-limited alerts on the public home page."""
