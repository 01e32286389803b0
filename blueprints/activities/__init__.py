"""Events (with iCalendar feeds) and volunteering: public pages and the organisation workspace."""
