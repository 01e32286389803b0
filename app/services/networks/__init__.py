"""Networks of partner organisations: membership, meetings, minutes and actions, messages (issue 14)."""
