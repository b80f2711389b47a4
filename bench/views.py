from django.http import HttpResponse

from bench.baseline import BASELINE_HTML


def baseline(request):
    """What Django itself costs: a fixed 12 KB page, no database, no template."""
    return HttpResponse(BASELINE_HTML, content_type="text/html; charset=utf-8")
