"""The production settings, plus a URLconf with the trivial baseline view the benchmark compares against."""

from cpca_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
