"""Load the demo content: the Best Value Notices of 2023 and 2024 with their improvement areas (those of
2024 linked to the 2023 areas they continue, with the progress reported), and the authority's statements
of 30 January 2024 and 9 September 2024.

Idempotent: records that already exist (matched by slug) are left exactly as they are,
so a second run changes nothing, not even the history. The one exception mends a database loaded
by an earlier version of this command, which gave the 2023 notice an end date it never had
(29 January 2024, the day before its successor): that notice, and each of its saved versions that
still carry that date, are given "no fixed end date", so it reads on every day as it did then.
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
    # It set no end date: it stayed in force until the revised notice of 30 January 2024 replaced it.
    "ends_on": None,
    "no_fixed_end": True,
    "summary": (
        "<p>Ministers remained concerned about the Combined Authority's ability to meet its Best Value "
        "duty. The notice named weaknesses in governance, described as pervasive, and concerns about "
        "the organisation's culture, partnership working, the delivery of some programmes and "
        "procurement. It asked the Combined Authority to work with the Independent Improvement Board "
        "and to show the department that it was improving.</p>"
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

# What the notice of 24 January 2023 asked, each with the progress the authority reported when the
# revised notice was issued (date, progress, note), if any.
FIRST_NOTICE_AREAS = [
    (
        "Independent Improvement Board",
        "<p>Work with the Independent Improvement Board, set up to oversee the improvement work, and "
        "respond to its recommendations.</p>",
        [
            (
                datetime.date(2024, 1, 30),
                "in_progress",
                "The Independent Improvement Board has overseen the improvement work since it first met "
                "in January 2023.",
            )
        ],
    ),
    (
        "Culture",
        "<p>Carry on investigating the problems in the organisation's internal culture.</p>",
        [
            (
                datetime.date(2024, 1, 30),
                "in_progress",
                "An investigation into breaches of the member code of conduct has concluded: the department "
                "called this an important milestone.",
            )
        ],
    ),
    (
        "The improvement framework",
        "<p>Deliver against the improvement framework set for the Combined Authority.</p>",
        [
            (
                datetime.date(2024, 1, 30),
                "in_progress",
                "The Combined Authority became the first combined authority to adopt a Single Assurance "
                "Framework, approved by the department; it adopted a new Member Officer Protocol, "
                "transformed its procurement function and made permanent appointments to its senior "
                "leadership team.",
            )
        ],
    ),
    (
        "Assurance for the department",
        "<p>Work with the department so that it can be assured the Combined Authority is improving.</p>",
        [],
    ),
]

# The revised notice's five areas: wording, the position of the 2023 area each continues (None for a
# new one), and the progress reported, oldest first.
IMPROVEMENT_AREAS = [
    (
        "Independent Improvement Board",
        "<p>Keep the independent Improvement Board in place, use its support in full and engage with "
        "its recommendations during the six months of the notice.</p>",
        1,
        [],
    ),
    (
        "The improvement plan",
        "<p>Carry on putting into practice, and embedding, the changes the Combined Authority "
        "Board agreed as part of the improvement plan.</p>",
        3,
        [
            (
                datetime.date(2024, 1, 30),
                "in_progress",
                "The department acknowledged that permanent appointments to the senior leadership team "
                "had been made in a robust and timely way.",
            )
        ],
    ),
    (
        "Culture across the organisation",
        "<p>Carry on making and checking cultural change among both officers and members, "
        "with a focus on outcomes that can be measured.</p>",
        2,
        [
            (
                datetime.date(2024, 1, 30),
                "in_progress",
                "The department said the Combined Authority Board's own actions needed to match those of "
                "the officer team.",
            )
        ],
    ),
    (
        "Strategic priorities, with partners",
        "<p>Working closely with partners at officer and member level, develop the area's "
        "strategic priorities and ambitions for the benefit of residents, and a credible plan "
        "to deliver them. The department hopes this can be done by consensus; if some partners "
        "are not yet ready to take full part, the way should be left open for them to join when "
        "they are. This work also shapes the Combined Authority's approach to further "
        "devolution.</p>",
        None,
        [
            (
                datetime.date(2024, 1, 30),
                "in_progress",
                "The department remained concerned about partnership working between the Combined "
                "Authority and its constituent councils.",
            ),
            (
                datetime.date(2024, 9, 9),
                "in_progress",
                "The department decided not to reissue the notice, which expired on 31 July 2024, "
                "recognising better partnership working.",
            ),
        ],
    ),
    (
        "Working with the department",
        "<p>Meet officials of the department regularly for as long as the notice is in force.</p>",
        4,
        [],
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
        "<li>keeping the independent Improvement Board and engaging with its recommendations;</li>"
        "<li>continuing to embed the changes in the improvement plan agreed by the Board;</li>"
        "<li>continuing cultural change among officers and members, with measurable outcomes;</li>"
        "<li>developing, with partners, the area's strategic priorities and a credible plan to "
        "deliver them;</li>"
        "<li>meeting the department regularly while the notice is in force.</li>"
        "</ul>"
        "<h2>What the Chief Executive said</h2>"
        "<p>Rob Bridge, Chief Executive of the Combined Authority, said the revised notice "
        "acknowledged the progress made since January 2023. He pointed to the Combined Authority "
        "becoming the first combined authority to adopt a Single Assurance Framework, approved by "
        "the department, a "
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


NOT_REISSUED_STATEMENT = {
    "slug": "statement-best-value-notice-not-reissued",
    "title": "Statement on the end of the Best Value Notice",
    "summary": (
        "The government has told the Combined Authority that the revised Best Value Notice, which "
        "expired on 31 July 2024, will not be reissued, recognising the progress it has made."
    ),
    "body": (
        "<p>On 9 September 2024 the Ministry of Housing, Communities and Local Government (the name "
        "of the Department for Levelling Up, Housing and Communities since July 2024) wrote to the "
        "Cambridgeshire &amp; Peterborough Combined Authority to say that the revised Best Value "
        "Notice, which expired on 31 July 2024, would not be reissued.</p>"
        "<p>In its letter the department recognised the progress the Combined Authority has made and "
        "its better partnership working. The department will go on working with the Combined "
        "Authority informally.</p>"
        "<p>On the same day the department also let the Best Value Notices of Middlesbrough Council "
        "and BCP Council expire.</p>"
    ),
    "published_at": datetime.datetime(2024, 9, 9, 12, 0),
    "is_published": True,
}


def with_publication_date(notice):
    """The notice as put on the site on the day it was issued, at noon."""
    noon = datetime.datetime.combine(notice["issued_on"], datetime.time(12, 0))
    return {**notice, "first_published_at": timezone.make_aware(noon)}


# The end date an earlier version of the demo gave the 2023 notice, which set none.
FIRST_NOTICE_OLD_ENDS_ON = datetime.date(2024, 1, 29)


def mend_first_notice_end():
    """Give the demo's 2023 notice, as loaded by an earlier version, no fixed end date; True if it did.

    Written with ``update()`` on the notice and on its saved versions that still carry the old
    date, so no new version appears: the record reads as it always should have. A notice an
    officer has changed since (another end date) is left alone.
    """
    notice = BestValueNotice.objects.filter(
        slug=FIRST_NOTICE["slug"], ends_on=FIRST_NOTICE_OLD_ENDS_ON, no_fixed_end=False
    ).first()
    if notice is None:
        return False
    fixed = {"ends_on": None, "no_fixed_end": True}
    BestValueNotice.objects.filter(pk=notice.pk).update(**fixed)
    BestValueNotice.history.filter(id=notice.pk, ends_on=FIRST_NOTICE_OLD_ENDS_ON).update(**fixed)
    return True


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
        mended = not was_created and mend_first_notice_end()
        revised, was_created = self.get_or_create(
            BestValueNotice, {**with_publication_date(REVISED_NOTICE), "supersedes": first}
        )
        created += [revised] if was_created else []
        first_areas = {}
        for position, (title, detail, reports) in enumerate(FIRST_NOTICE_AREAS, start=1):
            area, was_created = self.area(first, position, title=title, detail=detail, reports=reports)
            first_areas[position] = area
            created += [area] if was_created else []
        for position, (title, detail, continues, reports) in enumerate(IMPROVEMENT_AREAS, start=1):
            carried_from = first_areas[continues] if continues else None
            area, was_created = self.area(
                revised, position, title=title, detail=detail, carried_from=carried_from, reports=reports
            )
            created += [area] if was_created else []
        for values in (STATEMENT, NOT_REISSUED_STATEMENT):
            published_at = timezone.make_aware(values["published_at"])
            statement, was_created = self.get_or_create(
                Statement,
                {**values, "published_at": published_at, "first_published_at": published_at, "notice": revised},
            )
            created += [statement] if was_created else []
        if mended:
            self.stdout.write(self.style.SUCCESS("Demo content mended: the notice of 2023 has no fixed end date."))
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {len(created)} records created."))
        elif not mended:
            self.stdout.write("Demo content already present; nothing changed.")

    def area(self, notice, position, *, reports, **values):
        """The area at ``position``, created with each progress report saved in turn (so each is in its history)."""
        area = ImprovementArea.objects.filter(notice=notice, position=position).first()
        if area is not None:
            return area, False
        area = ImprovementArea(notice=notice, position=position, **values)
        # The demo adds areas to notices that are already public, so the change-note rule of clean()
        # does not apply; the rule on which area an area may continue does.
        area.clean_carried_from(notice)
        # Recorded with its notice, when that was put on the site, and each report on its own day,
        # so the notice reads on any day as it did then.
        area._history_date = notice.first_published_at
        area._history_user = self.user
        area._change_reason = "Demo content (load_demo)"
        area.save()
        for reported_on, progress, note in reports:
            area.progress, area.progress_note, area.progress_updated_on = progress, note, reported_on
            area._history_date = timezone.make_aware(datetime.datetime.combine(reported_on, datetime.time(12, 0)))
            area._history_user = self.user
            area._change_reason = "Demo content (load_demo)"
            area.save()
        return area, True

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
