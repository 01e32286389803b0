"""Agreements: grant agreements and service contracts — lifecycle, numbers, money, statements, amendments."""
