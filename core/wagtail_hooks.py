"""Serving rules every page follows, and links that never point at private pages."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from . import two_factor
from .forms import reserved_slugs
from .login_protection import (
    REMOVE_TWO_FACTOR_PERMISSION,
    UNLOCK_PERMISSION,
    LoginSecurityView,
)
from .privacy import is_expired, publicly_visible


@hooks.register("before_serve_page")
def refuse_expired_pages(page, request, serve_args, serve_kwargs):
    # An expired page stays live until publish_scheduled next runs; it is not
    # public from its expiry time on.
    if is_expired(page):
        raise Http404


class PublicPageLinkHandler(PageLinkHandler):
    """Rich-text links to pages: a link to a page the public may not see keeps
    its text but loses its address, so the private page's URL never shows."""

    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Page | None]:
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = publicly_visible(Page.objects.filter(id__in=ids))
        by_id = {str(page.id): page for page in pages.defer_streamfields().specific()}
        return [by_id.get(str(id_)) for id_ in ids]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        return [
            f'<a href="{escape(page.localized.url)}">' if page else "<a>"
            for page in cls.get_many(attrs_list)
        ]


# After Wagtail's own registration of the "page" link type, which it replaces.
@hooks.register("register_rich_text_features", order=100)
def register_public_page_links(features):
    features.register_link_type(PublicPageLinkHandler)


@hooks.register("before_move_page")
def refuse_moves_onto_reserved_slugs(request, page, destination):
    # The page editor and the copy form refuse these slugs; a move must too.
    if page.slug in reserved_slugs(destination):
        messages.error(
            request,
            _(
                "“%(slug)s” is used by the site at that place for feeds and other "
                "pages: change the page's slug before moving it there."
            )
            % {"slug": page.slug},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("register_admin_urls")
def register_login_security_urls():
    return [
        path("login-security/", LoginSecurityView.as_view(), name="login_security"),
        path("two-factor/", two_factor.enrol, name="two_factor_enrol"),
        path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    ]


class LoginSecurityMenuItem(MenuItem):
    """Shown to those who may unlock logins or remove someone's two-factor."""

    def is_shown(self, request):
        return request.user.has_perm(UNLOCK_PERMISSION) or request.user.has_perm(
            REMOVE_TWO_FACTOR_PERMISSION
        )


@hooks.register("register_settings_menu_item")
def register_login_security_menu_item():
    return LoginSecurityMenuItem(
        _("Login security"),
        reverse("login_security"),
        name="login-security",
        icon_name="lock",
        order=650,
    )


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse("two_factor_enrol"),
        "label": _("Two-factor sign-in"),
        "help_text": _(
            "Ask for a code from an app on your phone as well as your password "
            "when you sign in, so a stolen password alone cannot get in."
        ),
    }
