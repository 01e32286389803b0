"""Networks of partner organisations in the web: the department groups organisations into networks, names their
coordinators and what each member brings (``console.py``); a member organisation reads its networks with every
member's contacts and keeps its own contact for each (``workspace.py``). The network page is shared (``page.py``)."""
