"""The statement's member kit: a badge page per signatory and a printable copy.

The badge itself is served outside the page tree (statements.views.badge):
its address must not change when the statement is renamed or moved.
"""

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import path, re_path

from core.addresses import absolute_url

from .badges import badge_snippet, qr_code_svg, text_link_snippet
from .models.library import Signatory, Signature


class MemberKitMixin:
    """Routes of a statement page (with RoutablePageMixin) for its signatories'
    member kit: find a badge, copy its HTML, print the statement."""

    MEMBER_KIT_MATCHES = 20

    def badge_url(self, signatory_id: int) -> str:
        return absolute_url(reverse("signatory_badge", args=[self.pk, signatory_id]))

    @path("member-kit/")
    def member_kit(self, request: HttpRequest) -> HttpResponse:
        """What members can put on their sites; finds an organisation's badge."""
        wanted = " ".join(request.GET.get("organisation", "").split())[:100]
        matches = []
        if wanted:
            matches = list(
                Signature.objects.public()
                .filter(statement=self)
                .filter(
                    Q(signatory__name__icontains=wanted)
                    | Q(signatory__short_name__icontains=wanted)
                )
                .select_related("signatory")
                .order_by("signatory__sort_key", "signatory__name")[
                    : self.MEMBER_KIT_MATCHES + 1
                ]
            )
        statement_url = self.get_full_url(request)
        return self.render(
            request,
            template="pages/member_kit.html",
            context_overrides={
                "seo": {
                    "title": _("Member kit: %(title)s") % {"title": self.title},
                    "description": _(
                        "Badges and embed code for organisations that signed "
                        "“%(title)s”, and a printable copy of the statement."
                    )
                    % {"title": self.title},
                    "canonical": self.url + self.reverse_subpage("member_kit"),
                    # The statement is the Article; this page is not it.
                    "structured_data": [],
                },
                "wanted": wanted,
                "matches": matches[: self.MEMBER_KIT_MATCHES],
                "more_matches": len(matches) > self.MEMBER_KIT_MATCHES,
                "link_snippet": text_link_snippet(statement_url, self.title),
            },
        )

    # At most 18 digits: a longer id cannot exist, and would overflow the database.
    @re_path(r"^member-kit/(?P<signatory_id>[0-9]{1,18})/$")
    def member_kit_badge(self, request: HttpRequest, signatory_id: str):
        """One organisation's badge and the HTML to embed it: public signatories
        of this statement only."""
        signature = (
            Signature.objects.public()
            .filter(statement=self, signatory_id=int(signatory_id))
            .select_related("signatory")
            .first()
        )
        if signature is None:
            raise Http404("Not a public signatory of this statement")
        signatory: Signatory = signature.signatory
        badge_url = self.badge_url(signatory.pk)
        return self.render(
            request,
            template="pages/member_kit_badge.html",
            context_overrides={
                "seo": {
                    "title": _("Badge for %(name)s") % {"name": signatory.name},
                    "description": _(
                        "The “We signed” badge of %(name)s, with the HTML to "
                        "put it on a website."
                    )
                    % {"name": signatory.name},
                    "canonical": request.path,
                    # Thousands of near-identical pages: members reach them
                    # from the kit, search engines need not.
                    "robots": "noindex",
                    "structured_data": [],
                },
                "signatory": signatory,
                "badge_url": badge_url,
                # The preview loads from wherever this page was reached.
                "badge_path": reverse("signatory_badge", args=[self.pk, signatory.pk]),
                "snippet": badge_snippet(
                    self.get_full_url(request), badge_url, self.title
                ),
            },
        )

    @path("print/")
    def print_view(self, request: HttpRequest) -> HttpResponse:
        """The statement on one printed page, with today's signatory count."""
        statement_url = self.get_full_url(request)
        return self.render(
            request,
            template="pages/statement_print.html",
            context_overrides={
                "seo": {
                    "title": _("%(title)s (printable)") % {"title": self.title},
                    # The same text as the statement: search engines keep that one.
                    "canonical": self.url,
                },
                "totals": self.signatory_totals(),
                "today": timezone.localdate(),
                "statement_url": statement_url,
                "qr_code": qr_code_svg(
                    statement_url, _("QR code of the statement's address")
                ),
            },
        )
