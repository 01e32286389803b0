"""The reminders about outcome reports that the scheduled command sent, as the department's console lists them."""
