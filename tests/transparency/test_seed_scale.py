import io

import pytest
from django.core.management import CommandError, call_command

from notices.models import BestValueNotice, ImprovementArea
from statements.models import Statement

pytestmark = pytest.mark.django_db


def seed(**options):
    call_command("seed_scale", stdout=io.StringIO(), **options)


def snapshot():
    """Everything seeded, as comparable values (primary keys replaced by slugs)."""
    notices = list(
        BestValueNotice.objects.order_by("slug").values_list(
            "slug", "title", "issued_by", "issued_on", "starts_on", "ends_on", "withdrawn_on",
            "supersedes__slug", "summary", "is_published",
        )
    )  # fmt: skip
    areas = list(
        ImprovementArea.objects.order_by("notice__slug", "position").values_list(
            "notice__slug", "position", "title", "detail", "progress", "progress_updated_on"
        )
    )
    statements = list(
        Statement.objects.order_by("slug").values_list(
            "slug", "title", "summary", "body", "published_at", "is_published", "notice__slug"
        )
    )
    return notices, areas, statements


def delete_everything():
    Statement.objects.all().delete()
    ImprovementArea.objects.all().delete()
    BestValueNotice.objects.update(supersedes=None)
    BestValueNotice.objects.all().delete()


def test_seed_scale_creates_the_requested_numbers_of_notices_and_statements():
    seed(notices=60, statements=300, seed=3)
    assert BestValueNotice.objects.count() == 60
    assert Statement.objects.count() == 300
    assert ImprovementArea.objects.exists()


def test_seeded_notices_pass_the_model_rules_and_form_chains():
    """Every notice validates; successors start after the notice they replace."""
    seed(notices=80, statements=10, seed=4)
    notices = BestValueNotice.objects.select_related("supersedes")
    for notice in notices:
        notice.full_clean()
    successors = [notice for notice in notices if notice.supersedes_id]
    assert successors, "some notices should replace earlier ones"
    assert all(notice.supersedes.starts_on < notice.starts_on for notice in successors)
    assert BestValueNotice.objects.published().count() >= 70


def test_seeded_statements_are_published_and_respond_to_seeded_notices():
    seed(notices=20, statements=200, seed=5)
    assert Statement.objects.published().count() >= 180
    assert Statement.objects.filter(notice__isnull=False).count() >= 150
    for statement in Statement.objects.all()[:50]:
        statement.full_clean()


def test_the_same_seed_gives_the_same_content():
    seed(notices=40, statements=100, seed=7)
    first = snapshot()
    delete_everything()
    seed(notices=40, statements=100, seed=7)
    assert snapshot() == first


def test_another_seed_gives_other_content_beside_the_first():
    seed(notices=10, statements=10, seed=1)
    first = snapshot()
    seed(notices=10, statements=10, seed=2)
    assert BestValueNotice.objects.count() == 20
    delete_everything()
    seed(notices=10, statements=10, seed=2)
    assert [row[3:] for row in snapshot()[0]] != [row[3:] for row in first[0]]


def test_seeding_the_same_seed_twice_is_refused():
    seed(notices=5, statements=5, seed=9)
    with pytest.raises(CommandError, match="already exists"):
        seed(notices=5, statements=5, seed=9)
    assert BestValueNotice.objects.count() == 5
