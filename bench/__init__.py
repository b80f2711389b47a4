"""Benchmark-only code: a settings module and URLconf adding a trivial baseline view.

Nothing here is part of the public site; ``scripts/bench.py`` runs gunicorn with
``DJANGO_SETTINGS_MODULE=bench.settings``.
"""
