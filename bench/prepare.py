"""Bring a benchmark database up to date: ``python -m bench.prepare --notices N --statements M --seed S``.

Migrates, loads the demo content and seeds the scale content, unless the database already
holds exactly that content (then it is reused as it is). Exits with status 3 when the
database holds other seeded content, so the caller can start from an empty one.
"""

import argparse
import os
import sys

import django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, required=True)
    parser.add_argument("--statements", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()

    from django.core.management import call_command

    from notices.models import BestValueNotice
    from statements.models import Statement
    from transparency.management.commands.seed_scale import seed_prefix

    call_command("migrate", verbosity=0, interactive=False)
    prefix = seed_prefix(args.seed)
    wanted = (args.notices, args.statements)
    found = (
        BestValueNotice.objects.filter(slug__startswith=prefix).count(),
        Statement.objects.filter(slug__startswith=prefix).count(),
    )
    seeded_anything = (
        BestValueNotice.objects.filter(slug__startswith="scale-").exists()
        or Statement.objects.filter(slug__startswith="scale-").exists()
    )
    had_demo = Statement.objects.filter(slug="statement-in-response-to-best-value-notice-update").exists()
    call_command("load_demo", verbosity=0)
    if found == wanted and (found != (0, 0) or not seeded_anything):
        print("reused" if had_demo else "demo content loaded")
        return 0
    if seeded_anything:
        print(f"holds other seeded content {found}, wanted {wanted}")
        return 3
    if wanted != (0, 0):
        call_command("seed_scale", notices=args.notices, statements=args.statements, seed=args.seed)
    print("seeded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
