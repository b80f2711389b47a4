from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    """The Transparency section and the site around it: what spans statements and notices (home,
    index, search, feed) and the commands that load demo or scale data."""

    name = "transparency"
    verbose_name = "Transparency section"
