"""Messages to the network in the web: the department writes to organisations chosen by network, kind, district,
category and programme and follows who read them (``console.py``); organisations read their messages, and a
network's coordinating organisation writes to its network (``workspace.py``); both share the compose form
(``compose.py``)."""
