"""Actions decided at network meetings, followed up: the responsible organisation's list and its updates
(``workspace.py``), the overdue actions for the network's coordinator (the workspace for an organisation that
coordinates, ``console.py`` for the department), and the partial ``actions/_network_actions.html`` a network's
page includes."""
