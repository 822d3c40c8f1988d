"""Serving rules every page follows."""

from django.http import Http404

from wagtail import hooks

from .privacy import is_expired


@hooks.register("before_serve_page")
def refuse_expired_pages(page, request, serve_args, serve_kwargs):
    # An expired page stays live until publish_scheduled next runs; it is not
    # public from its expiry time on.
    if is_expired(page):
        raise Http404
