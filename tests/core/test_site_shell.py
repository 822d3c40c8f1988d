"""The public shell every page shares: skip link, menus, footer, breadcrumbs, errors."""

from http import HTTPStatus

from django.template.loader import render_to_string
from django.test import TestCase, override_settings

from wagtail.models import Page, Site

from core.models import SiteSettings
from tests.factories import make_site_root


class ShellTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.section = cls.home.add_child(
            instance=Page(title="The statement", slug="statement", show_in_menus=True)
        )
        cls.hidden = cls.home.add_child(
            instance=Page(title="Hidden from menus", slug="hidden", show_in_menus=False)
        )
        cls.privacy = cls.home.add_child(instance=Page(title="Privacy", slug="privacy"))
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.contact_email = "hello@example.org"
        settings.privacy_page = cls.privacy
        settings.social_links = [
            (
                "link",
                {
                    "platform": "mastodon",
                    "url": "https://mastodon.example/@tccm",
                    "label": "",
                },
            ),
        ]
        settings.save()

    def test_every_page_starts_with_a_skip_link_to_main(self):
        response = self.client.get("/")
        self.assertContains(response, '<a class="skip-link" href="#main">')
        self.assertContains(response, '<main id="main" tabindex="-1">')

    def test_primary_navigation_lists_pages_marked_show_in_menus(self):
        response = self.client.get("/")
        self.assertContains(
            response, '<a href="/statement/">The statement</a>', html=True
        )
        self.assertNotContains(response, "Hidden from menus")

    def test_footer_comes_from_site_settings(self):
        response = self.client.get("/")
        self.assertContains(
            response, "Technical Community Coalition for Multistakeholderism"
        )
        self.assertContains(response, 'href="mailto:hello@example.org"')
        self.assertContains(response, 'href="/privacy/">Privacy</a>')
        self.assertContains(response, ">Mastodon</a>")

    def test_pages_declare_their_language_and_favicon(self):
        response = self.client.get("/")
        self.assertContains(response, '<html lang="en" dir="ltr">')
        self.assertContains(response, 'rel="icon" href="/static/images/favicon.svg"')

    def test_favicon_ico_points_at_the_svg(self):
        response = self.client.get("/favicon.ico")
        self.assertRedirects(
            response, "/static/images/favicon.svg", fetch_redirect_response=False
        )


class ErrorPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site_root()

    def test_unknown_url_renders_the_custom_404(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, HTTPStatus.NOT_FOUND)
        self.assertTemplateUsed(response, "404.html")
        self.assertContains(
            response, "Page not found", status_code=HTTPStatus.NOT_FOUND
        )
        self.assertContains(response, 'href="#main"', status_code=HTTPStatus.NOT_FOUND)

    def test_500_template_renders_without_a_request(self):
        html = render_to_string("500.html")
        self.assertIn("Something went wrong", html)

    @override_settings(DEBUG=False)
    def test_server_error_uses_the_custom_template(self):
        from django.test import RequestFactory
        from django.views.defaults import server_error

        response = server_error(RequestFactory().get("/"))
        self.assertEqual(response.status_code, HTTPStatus.INTERNAL_SERVER_ERROR)
        self.assertIn(b"Something went wrong", response.content)


class RobotsAndSitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site_root()

    def test_robots_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain")
        self.assertContains(response, "Disallow: /admin/")
        self.assertContains(response, "Sitemap: http://testserver/sitemap.xml")

    def test_sitemap_lists_the_home_page(self):
        response = self.client.get("/sitemap.xml")
        self.assertContains(response, "<loc>http://testserver/</loc>")
