"""The test suite. Imported before any test module, so the environment is settled before imports."""

import os

# Request metrics stay in the test process: a shell's PROMETHEUS_MULTIPROC_DIR must not leak in before
# prometheus_client is imported (it picks its value class then). gunicorn processes that tests start get
# a folder of their own (service/gunicorn_config.py, or the test's).
os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
