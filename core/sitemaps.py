"""The sitemap lists what the public may see, by the site's one privacy rule."""

from django.http import HttpRequest, HttpResponse

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap

from .privacy import publicly_visible
from .public_cache import cached_response


class PublicSitemap(Sitemap):
    """Wagtail's sitemap, with expired pages and aliases of private pages left out."""

    def items(self):
        root = self.get_wagtail_site().root_page
        return (
            publicly_visible(root.get_descendants(inclusive=True))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


def cached_sitemap(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml, built once per content change (core.public_cache): it lists
    every public page, so building it takes seconds at 10,000 news items."""

    def build() -> HttpResponse:
        return sitemap(request, sitemaps={"wagtail": PublicSitemap})

    number = request.GET.get("p", "1")
    if not number.isdigit() or len(number) > 4 or set(request.GET) - {"p"}:
        # Not one of its pages: the sitemap view answers, and nothing is stored.
        return build()
    return cached_response(request, f"sitemap:{int(number)}", build)
