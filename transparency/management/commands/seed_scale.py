"""Bulk, realistic published content for measuring how the site copes with years of records.

``manage.py seed_scale --notices 10000 --statements 100000`` creates chains of notices, each
replacing the one before (successor starts after its predecessor, as the model requires),
with their improvement areas, and statements that respond to them. It uses ``bulk_create``
so 100,000 statements take seconds, and a seeded random generator with fixed dates so the
same ``--seed`` always gives the same content. Records are named ``scale-<seed>-...`` so
they never collide with the demo content or with a second run under another seed.

Every seeded date lies between 1990 and 2022: the demo's story (2023-2024) and today stay
the newest, so a page about the demo or a filter on 2023-2024 finds the same records at any
scale while the tables around them grow. Bulk creation does not write history records.
"""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from notices.models import BestValueNotice, ImprovementArea, Progress
from notices.status import default_ends_on
from statements.models import Statement

FIRST_DAY = datetime.date(1990, 1, 1)
LAST_DAY = datetime.date(2022, 12, 31)
DEPARTMENTS = [
    "Department of the Environment",
    "Office of the Deputy Prime Minister",
    "Department for Communities and Local Government",
    "Ministry of Housing, Communities and Local Government",
    "Department for Levelling Up, Housing and Communities",
]
AREA_TITLES = [
    "Governance and decision-making",
    "Culture and behaviours",
    "Financial management",
    "Procurement",
    "Strategic priorities, with partners",
    "Working with the department",
    "Leadership capacity",
    "Scrutiny and audit",
]
TOPICS = ["governance", "the improvement plan", "audit", "procurement", "the Improvement Board", "culture"]
BATCH_SIZE = 2000


def seed_prefix(seed):
    return f"scale-{seed}-"


class Command(BaseCommand):
    help = "Create published notices (in chains, with improvement areas) and statements in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--notices", type=int, required=True, help="How many notices to create.")
        parser.add_argument("--statements", type=int, required=True, help="How many statements to create.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same content.")

    def handle(self, *args, notices, statements, seed, **options):
        if notices < 0 or statements < 0:
            raise CommandError("--notices and --statements must be zero or more.")
        if statements and not notices:
            raise CommandError("Statements respond to notices: give --notices as well.")
        prefix = seed_prefix(seed)
        if (
            BestValueNotice.objects.filter(slug__startswith=prefix).exists()
            or Statement.objects.filter(slug__startswith=prefix).exists()
        ):
            raise CommandError(f"Content for seed {seed} already exists ({prefix}...); use another --seed.")
        rng = random.Random(seed)
        with transaction.atomic():
            created_notices = self.create_notices(rng, prefix, notices)
            area_count = self.create_areas(rng, created_notices)
            statement_count = self.create_statements(rng, prefix, created_notices, statements)
        # Fresh statistics after a bulk load, so the query planner knows the tables' sizes;
        # on PostgreSQL also the visibility map that lets counts use the indexes alone
        # (VACUUM cannot run inside a transaction, as in the tests).
        with connection.cursor() as cursor:
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(created_notices)} notices, {area_count} improvement areas and "
                f"{statement_count} statements (seed {seed})."
            )
        )

    def plan_chains(self, rng, count):
        """Chains of notices as lists of ``(issued_on, starts_on, ends_on, withdrawn_on)``."""
        chains, remaining = [], count
        span = (LAST_DAY - FIRST_DAY).days
        while remaining:
            length = min(remaining, rng.randint(1, 6))
            remaining -= length
            day = FIRST_DAY + datetime.timedelta(days=rng.randrange(span - 6 * 260 - 400))
            chain = []
            for _ in range(length):
                starts_on = day + datetime.timedelta(days=rng.choice([0, 0, 0, 7, 14]))
                ends_on = default_ends_on(starts_on) if rng.random() < 0.8 else starts_on + datetime.timedelta(365)
                withdrawn_on = None
                if rng.random() < 0.05:
                    withdrawn_on = starts_on + datetime.timedelta(days=rng.randrange(1, (ends_on - starts_on).days))
                chain.append((day, starts_on, ends_on, withdrawn_on))
                # The successor is issued after this one starts, often before it ends.
                day = starts_on + datetime.timedelta(days=rng.randint(60, 240))
            chains.append(chain)
        return chains

    def create_notices(self, rng, prefix, count):
        chains = self.plan_chains(rng, count)
        number = 0
        planned = []  # (chain index, position in chain, notice)
        for chain_index, chain in enumerate(chains):
            for position, (issued_on, starts_on, ends_on, withdrawn_on) in enumerate(chain):
                number += 1
                revised = "Revised " if position else ""
                planned.append(
                    (
                        chain_index,
                        position,
                        BestValueNotice(
                            title=f"{revised}Best Value Notice, {issued_on:%B %Y} ({number})",
                            slug=f"{prefix}notice-{number}",
                            issued_by=DEPARTMENTS[min(issued_on.year - FIRST_DAY.year, 32) * len(DEPARTMENTS) // 33],
                            issued_on=issued_on,
                            starts_on=starts_on,
                            ends_on=ends_on,
                            withdrawn_on=withdrawn_on,
                            summary=f"<p>The department set out its concerns about {rng.choice(TOPICS)}.</p>",
                            # The newest notice of a few chains is still a draft.
                            is_published=not (position == len(chain) - 1 and position and rng.random() < 0.05),
                        ),
                    )
                )
        # Create one level of every chain at a time, so each successor can point at the
        # primary key its predecessor was just given.
        created = {}
        for level in range(max((position for _, position, _ in planned), default=-1) + 1):
            batch = [(chain, notice) for chain, position, notice in planned if position == level]
            for chain, notice in batch:
                notice.supersedes = created.get((chain, level - 1))
            BestValueNotice.objects.bulk_create([notice for _, notice in batch], batch_size=BATCH_SIZE)
            created.update({(chain, level): notice for chain, notice in batch})
        return [notice for _, _, notice in planned]

    def create_areas(self, rng, notices):
        areas = []
        progress = list(Progress.values)
        for notice in notices:
            for position, title in enumerate(rng.sample(AREA_TITLES, rng.randint(0, 5)), start=1):
                state = rng.choice(progress)
                areas.append(
                    ImprovementArea(
                        notice=notice,
                        position=position,
                        title=title,
                        detail=f"<p>Act on the findings about {title.lower()}.</p>",
                        progress=state,
                        progress_note="" if state == Progress.NOT_STARTED else "Work reported to the Board.",
                        progress_updated_on=None if state == Progress.NOT_STARTED else notice.starts_on,
                    )
                )
        ImprovementArea.objects.bulk_create(areas, batch_size=BATCH_SIZE)
        return len(areas)

    def create_statements(self, rng, prefix, notices, count):
        statements = []
        for number in range(1, count + 1):
            notice = rng.choice(notices) if rng.random() < 0.9 else None
            day = (
                notice.issued_on
                if notice
                else FIRST_DAY + datetime.timedelta(rng.randrange((LAST_DAY - FIRST_DAY).days - 120))
            )
            moment = datetime.datetime.combine(day + datetime.timedelta(rng.randrange(120)), datetime.time(9))
            topic = rng.choice(TOPICS)
            statements.append(
                Statement(
                    title=f"Statement on {topic}, {moment:%d %B %Y} ({number})",
                    slug=f"{prefix}statement-{number}",
                    summary=f"The Combined Authority's update on {topic}.",
                    body=(
                        f"<p>The Combined Authority has considered {topic} and reports its progress.</p>"
                        "<p>It will publish a further update when the Board next meets.</p>"
                    ),
                    published_at=timezone.make_aware(moment + datetime.timedelta(minutes=rng.randrange(480))),
                    # A few drafts, as on a real site; every seeded date is in the past.
                    is_published=rng.random() < 0.98,
                    notice=notice,
                )
            )
        Statement.objects.bulk_create(statements, batch_size=BATCH_SIZE)
        return len(statements)
