from django.conf import settings


def site(request):
    """Names every template needs: the authority, how to contact it, and the page's canonical URL."""
    return {
        "authority_name": settings.AUTHORITY_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "accessible_format_email": settings.ACCESSIBLE_FORMAT_EMAIL,
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path,
    }
