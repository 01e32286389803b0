"""The department's view of residents' searches: queries that found little, and testing a query."""
