"""Validation of query parameters shared by the public pages and the exports."""

import datetime
import re
from typing import NamedTuple
from urllib.parse import urlencode

from django import forms
from django.forms.boundfield import BoundField
from django.http import HttpResponseRedirect
from django.utils.text import Truncator

MAX_PARAMETER_LENGTH = 100
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATE_ERROR = "Enter a real date in the form YYYY-MM-DD, for example 2024-03-01."
DATE_EXAMPLE = "For example, 1 3 2024."

# GOV.UK's date input: a date may also come as three boxes, ``on-day``, ``on-month`` and ``on-year``.
DATE_PARTS = ("day", "month", "year")
ISO_DATE = re.compile(r"\s*(\d{1,4})-(\d{1,2})-(\d{1,2})\s*", re.ASCII)


class DateParts(NamedTuple):
    """A date as typed in the day, month and year boxes, before it is known to be a date."""

    day: str
    month: str
    year: str


class DateInputWidget(forms.Widget):
    """Reads the ISO parameter (``on=2024-03-01``) when given, else the three boxes."""

    def value_from_datadict(self, data, files, name):
        iso = data.get(name)
        if iso not in (None, ""):
            return iso
        parts = DateParts(*((data.get(f"{name}-{part}") or "").strip() for part in DATE_PARTS))
        return parts if any(parts) else iso

    def value_omitted_from_data(self, data, files, name):
        return all(key not in data for key in (name, *(f"{name}-{part}" for part in DATE_PARTS)))


class DateInputBoundField(BoundField):
    """What the date input template needs: each box with its value as typed and whether it is wrong."""

    def error_parts(self):
        """The boxes to mark as wrong: those an error names, else all three."""
        parts = set()
        for error in self.form.errors.as_data().get(self.name, []):
            parts.update((error.params or {}).get("parts", DATE_PARTS))
        return parts

    def typed_parts(self):
        """The day, month and year as the reader gave them, in the boxes or in the ISO parameter."""
        value = self.data
        if isinstance(value, DateParts):
            return value
        match = ISO_DATE.fullmatch(value) if isinstance(value, str) else None
        if match:
            year, month, day = (str(int(number)) for number in match.groups())
            return DateParts(day, month, year)
        return DateParts("", "", "")

    @property
    def id_for_label(self):
        """The first wrong box, else the day: where the error summary and the legend send focus."""
        wrong = self.error_parts() if self.errors else set()
        return f"{self.auto_id}-{next((part for part in DATE_PARTS if part in wrong), 'day')}"

    def boxes(self):
        wrong = self.error_parts() if self.errors else set()
        return [
            {
                "name": f"{self.html_name}-{part}",
                "id": f"{self.auto_id}-{part}",
                "label": part.capitalize(),
                "value": value,
                "error": part in wrong,
                "width": 4 if part == "year" else 2,
            }
            for part, value in zip(DATE_PARTS, self.typed_parts(), strict=True)
        ]


class DateInputField(forms.DateField):
    """An optional date, given as one ISO parameter (what links, exports and the SPEC's query
    strings use) or as GOV.UK's day, month and year boxes, each error naming the boxes at fault."""

    widget = DateInputWidget

    def get_bound_field(self, form, field_name):
        return DateInputBoundField(form, self, field_name)

    def to_python(self, value):
        if isinstance(value, DateParts):
            return self.parts_to_date(value)
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            # The ISO value is quoted back: when it is not three numbers, no box can keep it.
            raise forms.ValidationError(
                "“%(value)s” is not a date. %(message)s",
                code="invalid",
                params={"value": Truncator(value.strip()).chars(30), "message": DATE_ERROR},
            ) from error

    @staticmethod
    def parts_to_date(parts):
        missing = [part for part, value in zip(DATE_PARTS, parts, strict=True) if not value]
        if missing:
            raise forms.ValidationError(
                "The date must include a %(missing)s.",
                code="incomplete",
                params={"missing": " and a ".join(missing), "parts": missing},
            )
        wrong = [
            part for part, value in zip(DATE_PARTS, parts, strict=True) if not (value.isascii() and value.isdigit())
        ]
        if wrong:
            raise forms.ValidationError(
                "Enter the date in numbers. %(example)s",
                code="invalid",
                params={"example": DATE_EXAMPLE, "parts": wrong},
            )
        day, month, year = (int(value) for value in parts)
        if len(parts.year) != 4:
            raise forms.ValidationError(
                "The year must have 4 numbers. %(example)s",
                code="invalid",
                params={"example": DATE_EXAMPLE, "parts": ["year"]},
            )
        wrong = ["day"] * (not 1 <= day <= 31) + ["month"] * (not 1 <= month <= 12)
        try:
            return datetime.date(year, month, day)
        except (ValueError, OverflowError):
            raise forms.ValidationError(
                "Enter a real date. %(example)s",
                code="invalid",
                params={"example": DATE_EXAMPLE, "parts": wrong or list(DATE_PARTS)},
            ) from None


class QueryParametersForm(forms.Form):
    """A form bound to a query string that also refuses repeated and overlong parameters.

    Any parameter the form knows that is given twice, or is longer than
    ``MAX_PARAMETER_LENGTH`` characters, is an error on that field, so the page can
    answer 400 with a message rather than pick one value silently.
    """

    def __init__(self, query, **kwargs):
        self.query = query
        parameters = {parameter for name in self.base_fields for parameter in self.parameters_of(name)}
        data = {name: query.get(name) for name in query if name in parameters}
        super().__init__(data, **kwargs)

    def parameters_of(self, name):
        """The query parameters field ``name`` reads: its own, and a date input's three boxes."""
        if isinstance(self.base_fields[name], DateInputField):
            return [name, *(f"{name}-{part}" for part in DATE_PARTS)]
        return [name]

    def used_date_boxes(self):
        """Whether a date came from the day, month and year boxes rather than its ISO parameter."""
        return any(
            isinstance(self[name].data, DateParts)
            for name in self.fields
            if isinstance(self.fields[name], DateInputField)
        )

    def error_list(self):
        """Field errors as plain data, for answers in JSON or plain text."""
        return {name: [str(message) for message in messages] for name, messages in self.errors.items()}

    def clean(self):
        cleaned_data = super().clean()
        for name, field in self.fields.items():
            label = field.label or name
            for parameter in self.parameters_of(name):
                if self.check_parameter(name, parameter, label):
                    break
        return cleaned_data

    def check_parameter(self, name, parameter, label):
        """Add an error to field ``name`` if ``parameter`` is repeated or too long; True if it was."""
        values = self.query.getlist(parameter) if hasattr(self.query, "getlist") else [self.query.get(parameter)]
        if len(values) > 1:
            self.add_error(
                name,
                forms.ValidationError("Give %(label)s only once.", code="repeated", params={"label": label.lower()}),
            )
            return True
        if values and values[0] is not None and len(values[0]) > MAX_PARAMETER_LENGTH:
            self.add_error(
                name,
                forms.ValidationError(
                    "%(label)s must be at most %(max)s characters.",
                    code="too_long",
                    params={"label": label, "max": MAX_PARAMETER_LENGTH},
                ),
            )
            return True
        return False

    def accepted_filters(self):
        """The parameters given and accepted, as strings (dates in ISO 8601), in a fixed order."""
        if not self.is_valid():
            return {}
        accepted = {}
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value:
                accepted[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return accepted

    def query_string(self):
        """The accepted parameters as a query string (dates as ISO), for links, pages and exports."""
        return urlencode(self.accepted_filters())


def date_field(label, help_text=""):
    """An optional date query parameter (ISO, or GOV.UK's three boxes) with the message every date filter gives."""
    return DateInputField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=help_text,
        error_messages={"invalid": DATE_ERROR},
    )


class AsItStoodForm(QueryParametersForm):
    on = date_field("Date", DATE_EXAMPLE)


class SearchForm(QueryParametersForm):
    q = forms.CharField(label="Search", required=False, strip=True)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())


def redirect_to_iso(request, form):
    """A valid query given in date boxes, sent on to the same page with ISO dates: one address per
    question, the one the exports, links and caches use."""
    query_string = form.query_string()
    return HttpResponseRedirect(request.path + (f"?{query_string}" if query_string else ""))
