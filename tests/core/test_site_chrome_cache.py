"""The cached menu and footer change as soon as what they show changes."""

from django.test import TestCase

from wagtail.models import PageViewRestriction, Site

from core.models import SiteSettings
from tests.factories import StatementPageFactory, make_site_root


class SiteChromeCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.statement = StatementPageFactory(
            parent=cls.home, title="Joint statement", show_in_menus=True
        )
        cls.privacy = StatementPageFactory(
            parent=cls.home, slug="privacy", title="How we handle data"
        )

    def menu(self, url: str = "/") -> str:
        content = self.client.get(url).content.decode()
        return content[
            content.index('class="site-header"') : content.index("</header>")
        ]

    def footer(self) -> str:
        content = self.client.get("/").content.decode()
        return content[content.index('class="site-footer"') :]

    def test_a_new_restriction_removes_the_page_from_the_cached_menu(self):
        self.assertIn("Joint statement", self.menu())  # now cached
        restriction = PageViewRestriction.objects.create(
            page=self.statement, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertNotIn("Joint statement", self.menu())
        self.assertNotIn("Joint statement", self.menu("/no-such-page/"))
        restriction.delete()
        self.assertIn("Joint statement", self.menu())

    def test_unpublishing_and_renaming_reach_the_cached_menu(self):
        self.assertIn("Joint statement", self.menu())
        self.statement.menu_title = "Our statement"
        self.statement.save_revision().publish()
        self.assertIn("Our statement", self.menu())
        self.statement.unpublish()
        self.assertNotIn("Our statement", self.menu())

    def test_footer_privacy_link_follows_the_page_privacy(self):
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.privacy_page = self.privacy
        settings.save()
        self.assertIn('href="/privacy/"', self.footer())  # now cached
        PageViewRestriction.objects.create(
            page=self.privacy,
            restriction_type=PageViewRestriction.PASSWORD,
            password="s3cret-pass",
        )
        self.assertNotIn('href="/privacy/"', self.footer())

    def test_settings_changes_reach_the_cached_footer(self):
        self.assertIn("Technical Community Coalition", self.footer())
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.organisation_name = "The Coalition"
        settings.save()
        self.assertIn("The Coalition", self.footer())
