"""Outcome reports: what the schedule asks for, the report form's content, submitting, review, reminders."""
