"""Small grants without a competition (art. 19a): the organisation's simplified offer (workspace), the 7 days of
residents' comments (public), and the department's decision (console)."""
