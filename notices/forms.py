"""The auditors' filters, shared by the notices list and both exports."""

from django import forms

from core.dates import long_date
from core.forms import DATE_EXAMPLE, QueryParametersForm, date_field
from notices.models import NoticeStatus


class NoticeFilterForm(QueryParametersForm):
    """Validates ``issued_from``, ``issued_to``, ``in_force_on`` and ``status`` from a query string."""

    issued_from = date_field("Issued from", f"The earliest issue date. {DATE_EXAMPLE}")
    issued_to = date_field("Issued to", f"The latest issue date. {DATE_EXAMPLE}")
    in_force_on = date_field("In force on", f"Only notices in force on this day. {DATE_EXAMPLE}")
    on = date_field("As it read on", f"The list as it read at the end of this day. {DATE_EXAMPLE}")
    status = forms.ChoiceField(
        label="Status today",
        required=False,
        choices=[("", "Any status"), *NoticeStatus.choices],
        help_text="Status is judged today.",
        error_messages={
            "invalid_choice": (
                "“%(value)s” is not a status. Choose upcoming, in_force, superseded, expired or withdrawn."
            )
        },
    )

    def clean(self):
        cleaned_data = super().clean()
        issued_from, issued_to = cleaned_data.get("issued_from"), cleaned_data.get("issued_to")
        if issued_from and issued_to and issued_from > issued_to:
            self.add_error(
                "issued_to",
                forms.ValidationError(
                    "The latest issue date must be the same as or after the earliest issue date (%(start)s).",
                    code="range_reversed",
                    params={"start": long_date(issued_from)},
                ),
            )
        return cleaned_data

    def filter(self, queryset):
        """``queryset`` narrowed by the valid filters (call only when the form is valid)."""
        return queryset.filtered(**self.filters())

    def filters(self):
        """The valid filters as keyword arguments of ``filtered()`` (``on`` apart)."""
        data = self.cleaned_data
        return {
            "issued_from": data.get("issued_from"),
            "issued_to": data.get("issued_to"),
            "in_force_on": data.get("in_force_on"),
            "status": data.get("status") or None,
        }

    @property
    def as_read_on(self):
        """The day the list is read as it stood (``?on=``), or None for today."""
        return self.cleaned_data.get("on") if self.is_valid() else None

    def description(self):
        """What the filters select, in words: "issued between 1 January 2023 and 31 December 2024"."""
        if not self.is_valid():
            return ""
        data = self.cleaned_data
        parts = []
        issued_from, issued_to = data.get("issued_from"), data.get("issued_to")
        if issued_from and issued_to:
            if issued_from == issued_to:
                parts.append(f"issued on {long_date(issued_from)}")
            else:
                parts.append(f"issued between {long_date(issued_from)} and {long_date(issued_to)}")
        elif issued_from:
            parts.append(f"issued on or after {long_date(issued_from)}")
        elif issued_to:
            parts.append(f"issued on or before {long_date(issued_to)}")
        if data.get("in_force_on"):
            parts.append(f"in force on {long_date(data['in_force_on'])}")
        if data.get("status"):
            judged = f"on {long_date(data['on'])}" if data.get("on") else "today"
            parts.append(f"with the status “{NoticeStatus(data['status']).label.lower()}” {judged}")
        if len(parts) > 1:
            return ", ".join(parts[:-1]) + " and " + parts[-1]
        return "".join(parts)

    def filename_part(self):
        """The filters for a file name: ``issued-from-2023-01-01_status-in_force``."""
        return "_".join(f"{name.replace('_', '-')}-{value}" for name, value in self.accepted_filters().items())


class ExportOptionsForm(QueryParametersForm):
    """How an export is written, beside the filters: ``bom`` (CSV only)."""

    bom = forms.ChoiceField(
        label="Byte-order mark",
        required=False,
        choices=[("", "No"), ("0", "No"), ("1", "Yes")],
        error_messages={"invalid_choice": "Give bom=1 for a CSV that Excel opens as UTF-8, or leave it out."},
    )

    def __init__(self, query, *, with_bom, **kwargs):
        super().__init__(query, **kwargs)
        if not with_bom:
            del self.fields["bom"]
