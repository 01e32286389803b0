"""The department keeps the directory's category tree: names, synonyms, order, crisis flag."""
