"""Accessible names for the admin widgets that Django's admin leaves unlabelled."""

from django.contrib.admin.widgets import AdminSplitDateTime


def name_split_date_time(field):
    """Name the date and the time box of a split date-and-time field after the field.

    Django labels the pair with one legend and plain "Date:" / "Time:" text, so each box has no
    name of its own: a screen reader announces two unnamed boxes. Every form control has a name.
    """
    widget = getattr(field, "widget", None)
    if not isinstance(widget, AdminSplitDateTime):
        return field
    label = str(field.label or "")
    date_widget, time_widget = widget.widgets
    date_widget.attrs["aria-label"] = f"{label}: date" if label else "Date"
    time_widget.attrs["aria-label"] = f"{label}: time" if label else "Time"
    return field


class AccessibleWidgetsMixin:
    """Mix into a ``ModelAdmin`` (or inline) so every form control it builds has an accessible name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        return name_split_date_time(field) if field is not None else field
