"""Referrals between organisations: who may read one (``access``), what may be referred to (``targets``), sending
(``sending``), answering, completing and cancelling (``answering``), the e-mails (``notify``), the lists and the
department's aggregates (``overview``) and the purge of personal fields (``retention``)."""
