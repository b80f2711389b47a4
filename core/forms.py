"""Validation of query parameters shared by the public pages and the exports."""

from django import forms

MAX_PARAMETER_LENGTH = 100
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATE_ERROR = "Enter a real date in the form YYYY-MM-DD, for example 2024-03-01."


class QueryParametersForm(forms.Form):
    """A form bound to a query string that also refuses repeated and overlong parameters.

    Any parameter the form knows that is given twice, or is longer than
    ``MAX_PARAMETER_LENGTH`` characters, is an error on that field, so the page can
    answer 400 with a message rather than pick one value silently.
    """

    def __init__(self, query, **kwargs):
        self.query = query
        data = {name: query.get(name) for name in query if name in self.base_fields}
        super().__init__(data, **kwargs)

    def error_list(self):
        """Field errors as plain data, for answers in JSON or plain text."""
        return {name: [str(message) for message in messages] for name, messages in self.errors.items()}

    def clean(self):
        cleaned_data = super().clean()
        for name, field in self.fields.items():
            values = self.query.getlist(name) if hasattr(self.query, "getlist") else [self.query.get(name)]
            label = field.label or name
            if len(values) > 1:
                self.add_error(
                    name,
                    forms.ValidationError(
                        "Give %(label)s only once.", code="repeated", params={"label": label.lower()}
                    ),
                )
            elif values and values[0] is not None and len(values[0]) > MAX_PARAMETER_LENGTH:
                self.add_error(
                    name,
                    forms.ValidationError(
                        "%(label)s must be at most %(max)s characters.",
                        code="too_long",
                        params={"label": label, "max": MAX_PARAMETER_LENGTH},
                    ),
                )
        return cleaned_data


def date_field(label, help_text=""):
    """An optional ISO date query parameter with the message every date filter gives."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=help_text,
        error_messages={"invalid": DATE_ERROR},
    )


class AsItStoodForm(QueryParametersForm):
    on = date_field("Day")


class SearchForm(QueryParametersForm):
    q = forms.CharField(label="Search", required=False, strip=True)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())
