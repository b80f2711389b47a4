from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format

from core.dates import local_today
from notices.models import BestValueNotice


class Command(BaseCommand):
    help = "List published Best Value Notices whose last day in force falls within the next N days."

    def add_arguments(self, parser):
        parser.add_argument("--within", type=int, default=30, help="How many days ahead to look (default 30).")

    def handle(self, *args, within, **options):
        if within < 0:
            raise CommandError("--within must be zero or more days.")
        today = local_today()
        notices = list(BestValueNotice.objects.due_to_end_within(within, today=today))
        if not notices:
            self.stdout.write(f"No published notice stops being in force in the next {within} days.")
            return
        for notice in notices:
            days = (notice.in_force_until - today).days
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            self.stdout.write(
                f"{notice.title}: in force until {date_format(notice.in_force_until, 'j F Y')} ({when}) "
                f"{notice.get_absolute_url()}"
            )
