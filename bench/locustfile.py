"""Locust's simulated visitor for ``scripts/loadtest.py``: each one requests the listed URLs in turn.

The URLs come from the file named by ``LOCUST_PATHS_FILE`` (one a line). Requests are sent as
the TLS-terminating proxy would send them; any status but 200 counts as a failure.
"""

import itertools
import os
import random
from pathlib import Path

from locust import FastHttpUser, constant, task

PATHS = [line for line in Path(os.environ["LOCUST_PATHS_FILE"]).read_text().splitlines() if line]
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}


class Visitor(FastHttpUser):
    # A millisecond, not zero: gevent's sleep(0) never runs timers, so Locust's own statistics and
    # CSV writer would starve behind a fast server.
    wait_time = constant(0.001)

    def on_start(self):
        # Start each visitor at a different URL so every page is busy at every moment.
        offset = random.randrange(len(PATHS))
        self.paths = itertools.cycle(PATHS[offset:] + PATHS[:offset])

    @task
    def visit(self):
        path = next(self.paths)
        with self.client.get(path, headers=HEADERS, name=path, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
