"""Helpers for checking the parts every public page shares."""

import re

TITLE_SUFFIX = "Cambridgeshire &amp; Peterborough Combined Authority"


def page_title(response):
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return match.group(1).strip() if match else None


def h1_count(response):
    return len(re.findall(r"<h1[\s>]", response.content.decode()))
