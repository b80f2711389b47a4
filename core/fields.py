from django.db import models


class HttpsURLField(models.URLField):
    """A URL field whose form adds ``https://`` (not ``http://``) when an officer leaves out the scheme."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
