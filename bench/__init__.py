"""Benchmark and load-test tooling; nothing here is part of the public site.

``servers`` starts gunicorn and nginx as production runs them (also for ``tests/production``),
``load`` drives them (wrk, Locust), ``report`` writes ``bench/results.md``. ``settings`` and
``bare_settings`` are the settings of the site with a baseline view and of the bare baseline, which
gunicorn serves through ``bare_wsgi`` (Django's handler alone).
"""
