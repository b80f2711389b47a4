"""Who may publish, and publishing as one recorded step. The single place for the publish rule.

Every path that changes whether a statement or notice is public goes through here: the admin
change form (``prepare_publication_change``), the admin list actions and services
(``publish``, ``unpublish``, ``mark_ready_for_review``), and restoring an old version.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone


class AlreadyPublished(Exception):  # noqa: N818 -- it reads as what happened, like Http404
    """Someone published the record first; ``current`` is the record as they left it."""

    def __init__(self, current):
        super().__init__(f"“{current}” is already published.")
        self.current = current


def publish_permission(model):
    opts = model._meta
    return f"{opts.app_label}.publish_{opts.model_name}"


def can_publish(user, model):
    """Whether ``user`` may publish, unpublish (and for statements, withdraw) records of ``model``."""
    return bool(user and user.is_active and user.has_perm(publish_permission(model)))


def publication_fields(model):
    return model.PUBLICATION_FIELDS


def require_publish_permission(user, model):
    if not can_publish(user, model):
        raise PermissionDenied(f"Only Publishers can publish or unpublish {model._meta.verbose_name_plural}.")


def can_change(user, obj):
    """Editors change drafts; once a record is published only Publishers change it."""
    if not user.has_perm(f"{obj._meta.app_label}.change_{obj._meta.model_name}"):
        return False
    return obj.pk is None or not obj.is_published or can_publish(user, type(obj))


def publication_moment(obj, now=None):
    """The moment a record being published becomes public, and its schedule set to match.

    A record with a schedule (``SCHEDULE_FIELD``, a statement's ``published_at``) set in the
    future goes public then. Otherwise it goes public now, and a time typed earlier for the
    draft is moved to now: "Published" must never name a moment before the public could read it.
    """
    now = now or timezone.now()
    field = obj.SCHEDULE_FIELD
    if field is None:
        return now
    scheduled = getattr(obj, field)
    if scheduled is not None and scheduled > now:
        return scheduled
    setattr(obj, field, now)
    return now


def record_publication(obj, user):
    """Set who published and whether it had been reviewed by someone else. Does not save."""
    require_publish_permission(user, type(obj))
    reviewed = obj.ready_for_review and obj.review_requested_by_id not in (None, user.pk)
    obj.is_published = True
    obj.published_by = user
    obj.published_without_review = not reviewed
    moment = publication_moment(obj)
    obj.first_published_at = obj.first_published_at or moment
    obj.ready_for_review = False
    how = "after review" if reviewed else "without review (by a Publisher)"
    obj._change_reason = f"Published {how} by {user.get_username()}"


def prepare_publication_change(*, obj, stored, user):
    """Check and record a change made on the admin form, before it is saved.

    A user without the publish permission can never change whether a record is public: the
    stored publication fields are put back (the form shows them read-only, so this only
    matters for restored versions and hand-made requests).
    """
    model = type(obj)
    fields = publication_fields(model)
    if stored is None:
        changed = bool(obj.is_published)
    else:
        changed = any(getattr(obj, name) != getattr(stored, name) for name in fields)
    if changed and not can_publish(user, model):
        raise PermissionDenied(f"Only Publishers can publish, unpublish or withdraw {model._meta.verbose_name_plural}.")
    if obj.is_published and (stored is None or not stored.is_published):
        record_publication(obj, user)
    elif not obj.is_published and obj.ready_for_review and (stored is None or not stored.ready_for_review):
        obj.review_requested_by = user
    elif not obj.is_published and not obj.ready_for_review:
        obj.review_requested_by = None


def lock(obj):
    """The stored record, read again and locked until the transaction ends (None if deleted).

    Two officers acting on one record at once then take turns: the second sees what the first
    saved. SQLite has no row locks but runs one writing transaction at a time.
    """
    return type(obj)._base_manager.select_for_update().filter(pk=obj.pk).first()


@transaction.atomic
def publish(*, obj, user):
    """Publish a draft and record who did it. Only Publishers; only one of two at once succeeds.

    Raises ``AlreadyPublished`` when the stored record is published already (by someone else a
    moment ago, say), so nobody is told they published what someone else did.
    """
    require_publish_permission(user, type(obj))
    current = lock(obj)
    if current is None:
        raise type(obj).DoesNotExist(f"“{obj}” has been deleted.")
    if current.is_published:
        raise AlreadyPublished(current)
    obj.version = current.version
    record_publication(obj, user)
    obj._history_user = user
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def unpublish(*, obj, user):
    """Take a record back to draft. Only Publishers."""
    require_publish_permission(user, type(obj))
    if not obj.is_published:
        return obj
    obj.is_published = False
    for name in publication_fields(type(obj))[1:]:  # a withdrawal, say, ends with publication
        setattr(obj, name, obj._meta.get_field(name).get_default())
    obj._history_user = user
    obj._change_reason = f"Unpublished by {user.get_username()}"
    obj.save()
    return obj


@transaction.atomic
def mark_ready_for_review(*, obj, user):
    """An Editor (or anyone who may change drafts) sends a draft to the Publishers."""
    if not can_change(user, obj):
        raise PermissionDenied("You cannot change this record.")
    if obj.is_published or obj.ready_for_review:
        return obj
    obj.ready_for_review = True
    obj.review_requested_by = user
    obj._history_user = user
    obj._change_reason = f"Sent for review by {user.get_username()}"
    obj.save()
    return obj
