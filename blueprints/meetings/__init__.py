"""Network meetings: convening, the invitations and their answers, changes and cancellations — in the workspace
(``meetings_workspace``) and the department's console (``meetings_console``), with shared pages (``pages``)."""
