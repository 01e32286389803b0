"""Funding: the department's programmes and their budgets (``programmes``), and the totals computed
from budget lines (``budgets``). Open calls, offers and awards will draw on these lines."""
