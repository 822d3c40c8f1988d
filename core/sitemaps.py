"""The sitemap lists what the public may see, by the site's one privacy rule."""

from wagtail.contrib.sitemaps import Sitemap

from .privacy import publicly_visible


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
