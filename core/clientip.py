"""The address a request came from, when the site stands behind reverse proxies it trusts.

Each proxy appends the address it received the request from to ``X-Forwarded-For``
(nginx: ``$proxy_add_x_forwarded_for``), so behind ``TRUSTED_PROXY_COUNT`` proxies the
client is the entry that many places from the right: the one the outermost trusted proxy
wrote. Everything left of it is whatever the client sent and may be forged; it is never read.
With no trusted proxy the socket address is the client's.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address: the socket's, or the one the outermost trusted proxy appended."""
    remote_addr = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < count:
        # Not through the proxies (a load balancer's health probe on the private network, say).
        return remote_addr
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr
