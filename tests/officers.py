"""Officers in each role, and a browser-like reader of admin forms for direct POST tests."""

from html.parser import HTMLParser

from django.contrib.auth.models import Group, User


def make_officer(role, username=None):
    """A staff user in the group ``role`` ("Editors", "Publishers" or "Auditors")."""
    user = User.objects.create_user(username or role.lower(), password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "name" not in attrs and tag != "option":
            return
        name = attrs.get("name")
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
                return
            self.data[name] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(response, form_id, **overrides):
    """The values a browser would submit from the form ``form_id`` on the page, with ``overrides``.

    An override of ``None`` leaves the field out (an unticked checkbox).
    """
    assert response.status_code in (200, 409), response.status_code  # 409: the conflict page
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    data = reader.data
    data.pop("csrfmiddlewaretoken", None)
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
