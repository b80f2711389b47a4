"""Create or reset the local demo administrator and print its login. Refuses to run with DEBUG off."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create (or reset the password of) the local demo superuser 'admin' and print the login."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_admin is for local use only and refuses to run with DEBUG off.")
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(username=USERNAME, defaults={"email": "admin@example.com"})
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login for http://127.0.0.1:8000/admin/ : username {USERNAME}, password {password}"
            )
        )
