"""The formal check and the evaluation of offers: the department's console and the commission members' pages."""
