"""Admin forms shared by every page type."""

import re
from collections.abc import Iterable

from django.urls import get_resolver
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

# A fixed URL segment; anything else ("<slug:slug>", a regex group) is a variable.
FIXED_SEGMENT = re.compile(r"[-\w.]+")


def first_segments(patterns: Iterable) -> set[str]:
    """The fixed first path segment of each URL pattern: 'feed' for 'feed/atom/'."""
    words = set()
    for pattern in patterns:
        segment = str(pattern.pattern).lstrip("^").split("/")[0].rstrip("$")
        if FIXED_SEGMENT.fullmatch(segment):
            words.add(segment)
    return words


def reserved_slugs(parent: Page) -> set[str]:
    """Slugs a child of `parent` cannot have: the URL would answer something else.

    A routable parent serves its own routes before its children, and the
    project's URLconf comes before any page under the site root.
    """
    words = set()
    page_class = parent.specific_class
    if page_class is not None and issubclass(page_class, RoutablePageMixin):
        words |= first_segments(page_class.get_subpage_urls())
    if parent.is_site_root():
        words |= first_segments(get_resolver().url_patterns)
    return words


def reserved_slug_message(slug: str) -> str:
    return _(
        "“%(slug)s” is used by the site for feeds and other pages: choose another slug."
    ) % {"slug": slug}


class CoalitionPageForm(WagtailAdminPageForm):
    """The page editor's form: refuses a slug whose URL the site already uses."""

    def clean_title(self) -> str:
        # The title box wraps long titles (core.models.TITLE_PANEL); a pasted
        # line break must not reach <title>, feeds or the menu.
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug")
        if slug and self.parent_page and slug in reserved_slugs(self.parent_page):
            self.add_error("slug", reserved_slug_message(slug))
        return cleaned_data


class CoalitionCopyForm(CopyForm):
    """Wagtail's copy form, refusing the same slugs as the page editor."""

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("new_slug")
        parent = cleaned_data.get("new_parent_page") or self.page.get_parent()
        if slug and slug in reserved_slugs(parent):
            self.add_error("new_slug", reserved_slug_message(slug))
        return cleaned_data
