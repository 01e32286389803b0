"""Referrals in the web: organisations send, answer and follow them (``workspace.py``); the department reads the
city's figures and, by role, opens one referral (``console.py``)."""
