"""Load the demo content: the two Best Value Notices of 2023 and 2024 and the statement of 30 January 2024.

Idempotent: records that already exist (matched by slug) are left exactly as they are,
so a second run changes nothing, not even the history.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from notices.models import BestValueNotice, ImprovementArea
from statements.models import Statement

DEPARTMENT = "Department for Levelling Up, Housing and Communities"

FIRST_NOTICE = {
    "slug": "best-value-notice-january-2023",
    "title": "Best Value Notice, January 2023",
    "issued_by": DEPARTMENT,
    "issued_on": datetime.date(2023, 1, 24),
    "starts_on": datetime.date(2023, 1, 24),
    # In force until the revised notice of 30 January 2024 replaced it.
    "ends_on": datetime.date(2024, 1, 29),
    "summary": (
        "<p>The department issued this notice because it had concerns about governance and "
        "culture at the Combined Authority. It asked the Combined Authority to agree and carry "
        "out an improvement plan, with the support of an independent Improvement Board.</p>"
    ),
    "is_published": True,
}

REVISED_NOTICE = {
    "slug": "revised-best-value-notice-january-2024",
    "title": "Revised Best Value Notice, January 2024",
    "issued_by": DEPARTMENT,
    "issued_on": datetime.date(2024, 1, 30),
    "starts_on": datetime.date(2024, 1, 30),
    # Six months from 30 January 2024; it ran to the end of July and was not reissued.
    "ends_on": datetime.date(2024, 7, 31),
    "summary": (
        "<p>The revised notice replaced the notice of 24 January 2023 for a further six months. "
        "The department recognised the progress the Combined Authority had made in delivering "
        "its improvement plan, and set out five areas for further improvement.</p>"
    ),
    "is_published": True,
}

IMPROVEMENT_AREAS = [
    (
        "Independent Improvement Board",
        "<p>Keep the independent Improvement Board in place, use its support in full and act on "
        "its recommendations during the six months of the notice.</p>",
    ),
    (
        "The improvement plan",
        "<p>Carry on putting into practice, and embedding, the changes the Combined Authority "
        "Board agreed as part of the improvement plan.</p>",
    ),
    (
        "Culture across the organisation",
        "<p>Carry on making and checking cultural change among both officers and members, "
        "with a focus on outcomes that can be measured.</p>",
    ),
    (
        "Strategic priorities, with partners",
        "<p>Working closely with partners at officer and member level, develop the area's "
        "strategic priorities and ambitions for the benefit of residents, and a credible plan "
        "to deliver them. Partners not yet ready to take part should be able to join later. "
        "This work also shapes the Combined Authority's approach to further devolution.</p>",
    ),
    (
        "Working with the department",
        "<p>Meet officials of the department regularly for as long as the notice is in force.</p>",
    ),
]

STATEMENT = {
    "slug": "statement-in-response-to-best-value-notice-update",
    "title": "Statement in response to Best Value Notice update",
    "summary": (
        "The government has issued the Combined Authority with a revised Best Value Notice for "
        "six months, recognising the progress made on its improvement plan."
    ),
    "body": (
        "<p>On 30 January 2024 the Department for Levelling Up, Housing and Communities issued the "
        "Cambridgeshire &amp; Peterborough Combined Authority with a revised Best Value Notice, "
        "in force for six months. It replaces the notice the department issued on "
        "24 January 2023.</p>"
        "<p>In the revised notice the department recognises the progress the Combined Authority "
        "has made in delivering its agreed improvement plan. We welcome that recognition of the "
        "work done over the last twelve months.</p>"
        "<h2>Areas for further improvement</h2>"
        "<p>The revised notice sets out five areas for further improvement:</p>"
        "<ul>"
        "<li>keeping the independent Improvement Board and acting on its recommendations;</li>"
        "<li>continuing to embed the changes in the improvement plan agreed by the Board;</li>"
        "<li>continuing cultural change among officers and members, with measurable outcomes;</li>"
        "<li>developing, with partners, the area's strategic priorities and a credible plan to "
        "deliver them;</li>"
        "<li>meeting the department regularly while the notice is in force.</li>"
        "</ul>"
        "<h2>What the Chief Executive said</h2>"
        "<p>Rob Bridge, Chief Executive of the Combined Authority, said the revised notice "
        "acknowledged the progress made since January 2023. He pointed to the Combined Authority "
        "becoming the first to adopt a Single Assurance Framework approved by the department, a "
        "new Member Officer Protocol, a transformed procurement function and permanent "
        "appointments to the senior leadership team, and thanked staff for the work behind "
        "them.</p>"
        "<p>He added that there was more to do, and that the Combined Authority would keep working "
        "with its constituent councils and the Independent Improvement Board for the businesses "
        "and communities of Cambridgeshire and Peterborough.</p>"
    ),
    "published_at": datetime.datetime(2024, 1, 30, 12, 0),
    "is_published": True,
}


def with_publication_date(notice):
    """The notice as put on the site on the day it was issued, at noon."""
    noon = datetime.datetime.combine(notice["issued_on"], datetime.time(12, 0))
    return {**notice, "first_published_at": timezone.make_aware(noon)}


# The name the admin shows for who published and saved the demo records (it cannot sign in).
DEMO_USERNAME = "Demo content"


def demo_user():
    """The system user the demo records are published by ("Demo content"), never able to sign in."""
    user, created = get_user_model().objects.get_or_create(username=DEMO_USERNAME, defaults={"is_active": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class Command(BaseCommand):
    help = "Load the demo content (two Best Value Notices and a statement). Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        self.user = demo_user()
        created = []
        first, was_created = self.get_or_create(BestValueNotice, with_publication_date(FIRST_NOTICE))
        created += [first] if was_created else []
        revised, was_created = self.get_or_create(
            BestValueNotice, {**with_publication_date(REVISED_NOTICE), "supersedes": first}
        )
        created += [revised] if was_created else []
        for position, (title, detail) in enumerate(IMPROVEMENT_AREAS, start=1):
            area = ImprovementArea.objects.filter(notice=revised, position=position).first()
            if area is None:
                area = ImprovementArea(notice=revised, position=position, title=title, detail=detail)
                # Recorded with the revised notice, when it was put on the site.
                area._history_date = revised.first_published_at
                area._history_user = self.user
                area._change_reason = "Demo content (load_demo)"
                area.save()
                created.append(area)
        published_at = timezone.make_aware(STATEMENT["published_at"])
        statement, was_created = self.get_or_create(
            Statement,
            {**STATEMENT, "published_at": published_at, "first_published_at": published_at, "notice": revised},
        )
        created += [statement] if was_created else []
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {len(created)} records created."))
        else:
            self.stdout.write("Demo content already present; nothing changed.")

    def get_or_create(self, model, values):
        values = dict(values)
        slug = values.pop("slug")
        instance = model.objects.filter(slug=slug).first()
        if instance is not None:
            return instance, False
        instance = model(slug=slug, published_by=self.user, **values)
        instance.full_clean()
        instance._change_reason = "Demo content (load_demo)"
        # The history records each demo record as public from the moment it was published, by
        # the demo's own user, so the section reads as it did on any day of the story.
        instance._history_date = values.get("first_published_at") or values["published_at"]
        instance._history_user = self.user
        instance.save()
        return instance, True
