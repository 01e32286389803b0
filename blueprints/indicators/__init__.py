"""The city's own indicators over years: the department's console pages and the public "The city in figures"."""
