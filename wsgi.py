"""The WSGI entry point that gunicorn serves: ``gunicorn wsgi:app``."""

import gc

from app import create_app

app = create_app()

# Everything made so far (modules, the app, its blueprints and templates' environment: some 200,000 objects) lives
# as long as the worker. Frozen, the cycle collector no longer walks it: a full collection took 120 ms in the middle
# of a request (the slowest hundredth of every page under load) and takes 3 ms (docs/PERFORMANCE.md).
gc.collect()
gc.freeze()
