"""The versioned workflow: an organisation submits a version of a record, someone decides, every version is kept.

Features register the kinds of record they version (``kinds.register_kind``): how an approved
revision is made live, how its fields are named and shown, what happens after a decision.
``revisions`` submits, withdraws, approves, rejects and returns revisions; ``comparison``
shows a revision as before/after. Directory moderation (app/services/moderation) is its
first user; grant offers, outcome reports and agreement amendments are the next.
"""
