"""Multi-step writes on statements: publish, withdraw. Each checks the user's permission."""

from django.db import transaction
from django.utils import timezone

from core import publishing
from statements.models import Statement


def publish_statement(*, statement: Statement, user) -> Statement:
    """Publish a draft statement (at its ``published_at``, so a future time schedules it)."""
    return publishing.publish(obj=statement, user=user)


@transaction.atomic
def withdraw_statement(*, statement: Statement, user, reason: str, when=None) -> Statement:
    """Withdraw a published statement with a public explanation. Only Publishers."""
    publishing.require_publish_permission(user, Statement)
    statement.withdrawn_at = when or timezone.now()
    statement.withdrawal_reason = reason
    statement._history_user = user
    statement._change_reason = f"Withdrawn by {user.get_username()}: {reason}"
    statement.full_clean()
    statement.save()
    return statement
