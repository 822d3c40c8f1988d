"""HTTP caching of public pages: what a CDN is told, what the page cache stores,
and every change that must drop what it stored (core/page_cache.py)."""

import datetime
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Site

from core.models import SiteSettings
from core.page_cache import GENERATION_KEY
from statements.models import SignOnRequest
from statements.signon import moderation
from tests.factories import (
    KeyDateFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StakeholderGroupFactory,
    StatementPageFactory,
    UNProcessFactory,
    make_site_root,
    sign,
)
from tests.statements.test_sign_on import SignOnTestCase

CACHE_ON = override_settings(
    PAGE_CACHE_SECONDS=600, CACHE_CONTROL_MAX_AGE=60, CACHE_CONTROL_STALE_SECONDS=300
)


class CachedSiteTestCase(TestCase):
    """A site with a statement and its signatories, news and key dates."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.statement = StatementPageFactory(parent=cls.home, show_in_menus=True)
        cls.group = StakeholderGroupFactory(name="Registries", slug="registries")
        cls.signatories = sign(cls.statement, 2, group=cls.group)
        cls.news_index = NewsIndexPageFactory(parent=cls.home)
        cls.process = UNProcessFactory(acronym="IGF", slug="igf", name="IGF")
        cls.news = NewsPageFactory(
            parent=cls.news_index, title="IGF mandate renewed", processes=[cls.process]
        )
        cls.key_date = KeyDateFactory(process=cls.process, title="IGF 2026 opens")
        cls.editor = User.objects.create_superuser("editor", "e@example.org", "pw")
        # Created on first use otherwise, which (being a change) drops the cache.
        SiteSettings.for_site(Site.objects.get(is_default_site=True))

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def assertStored(self, url: str, text: str | None = None):
        """The next anonymous request is answered from the page cache."""
        response = self.get(url)
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertEqual(response.get("X-Page-Cache"), "hit", url)
        if text:
            self.assertContains(response, text)
        return response

    def warm(self, url: str, text: str | None = None):
        first = self.get(url)
        self.assertEqual(first.get("X-Page-Cache"), "miss", url)
        return self.assertStored(url, text)

    def assertFresh(self, url: str):
        """The next anonymous request is rendered again (the cache was dropped)."""
        response = self.get(url)
        self.assertNotEqual(response.get("X-Page-Cache"), "hit", url)
        return response


@CACHE_ON
class SharedHeadersTests(CachedSiteTestCase):
    def test_anonymous_pages_are_public_for_a_cdn_without_cookies(self):
        for url in ("/", "/statement/", "/statement/signatories/", "/news/"):
            with self.subTest(url=url):
                response = self.get(url)
                self.assertEqual(response.status_code, HTTPStatus.OK)
                self.assertEqual(
                    response["Cache-Control"],
                    "public, max-age=60, stale-while-revalidate=300",
                )
                self.assertNotIn("Cookie", response.get("Vary", ""))
                self.assertNotIn("Accept-Language", response.get("Vary", ""))
                self.assertFalse(response.cookies)

    def test_a_second_request_is_answered_from_the_cache_with_the_same_page(self):
        first = self.get("/statement/")
        second = self.get("/statement/")
        self.assertEqual(second["X-Page-Cache"], "hit")
        self.assertEqual(first.content, second.content)
        self.assertEqual(second["Cache-Control"], first["Cache-Control"])
        # The security headers are the middleware's, added to the stored page.
        self.assertIn("default-src 'none'", second["Content-Security-Policy"])
        self.assertEqual(second["X-Frame-Options"], "DENY")

    def test_a_hit_reads_nothing_from_the_database(self):
        self.get("/statement/")
        with self.assertNumQueries(0):
            self.assertEqual(self.get("/statement/")["X-Page-Cache"], "hit")

    def test_head_is_answered_from_the_stored_get(self):
        body = self.get("/").content
        response = self.client.head("/")
        self.assertEqual(response["X-Page-Cache"], "hit")
        self.assertEqual(response.content, b"")
        self.assertEqual(int(response["Content-Length"]), len(body))

    def test_query_strings_are_separate_pages(self):
        self.get("/statement/signatories/")
        response = self.get("/statement/signatories/?group=registries")
        self.assertEqual(response["X-Page-Cache"], "miss")

    def test_not_found_and_hostile_input_are_never_stored(self):
        for url in ("/no-such-page/", "/news/?page=99999", "/news/?year=x%00"):
            with self.subTest(url=url):
                self.get(url)
                response = self.get(url)
                self.assertLess(response.status_code, 500)
                self.assertNotEqual(response.get("X-Page-Cache"), "hit")
                self.assertNotIn("public", response.get("Cache-Control", ""))

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_with_the_page_cache_off_pages_still_tell_a_cdn(self):
        self.get("/")
        response = self.get("/")
        self.assertNotIn("X-Page-Cache", response)
        self.assertIn("public", response["Cache-Control"])


@CACHE_ON
class NeverStoredTests(CachedSiteTestCase):
    def test_editors_neither_get_nor_poison_stored_pages(self):
        self.client.force_login(self.editor)
        # The editor's page (with the Wagtail user bar) is not stored...
        for _ in range(2):
            response = self.get("/statement/")
            self.assertNotIn("X-Page-Cache", response)
            self.assertIn("private", response["Cache-Control"])
            self.assertContains(response, "wagtail-userbar")
        self.client.logout()
        # ...so the first anonymous visitor gets a page rendered for them.
        response = self.get("/statement/")
        self.assertEqual(response["X-Page-Cache"], "miss")
        self.assertNotContains(response, "wagtail-userbar")
        # And a page stored for visitors is not what an editor gets.
        self.client.force_login(self.editor)
        response = self.get("/statement/")
        self.assertNotIn("X-Page-Cache", response)
        self.assertContains(response, "wagtail-userbar")

    def test_a_page_with_a_form_is_never_stored_and_keeps_its_cookie(self):
        """A response that used the CSRF token (here the page-password form) is
        private: a shared copy would hand one visitor's token to everyone."""
        PageViewRestriction.objects.create(
            page=self.statement,
            restriction_type=PageViewRestriction.PASSWORD,
            password="s3cret-pass",
        )
        for _ in range(2):
            response = self.get("/statement/")
            self.assertContains(response, "csrfmiddlewaretoken")
            self.assertNotIn("X-Page-Cache", response)
            self.assertIn("private", response["Cache-Control"])
            self.assertIn("Cookie", response["Vary"])
            self.assertIn("csrftoken", response.cookies)

    def test_login_restricted_pages_are_never_stored(self):
        PageViewRestriction.objects.create(
            page=self.statement, restriction_type=PageViewRestriction.LOGIN
        )
        for _ in range(2):
            response = self.get("/statement/")
            self.assertEqual(response.status_code, HTTPStatus.FOUND)
            self.assertNotIn("X-Page-Cache", response)
        self.client.force_login(self.editor)
        self.assertContains(self.get("/statement/"), self.statement.title)
        self.client.logout()
        self.assertEqual(self.get("/statement/").status_code, HTTPStatus.FOUND)

    def test_a_post_is_never_answered_from_or_stored_in_the_cache(self):
        self.warm("/")
        response = self.client.post("/", {"anything": "1"})
        self.assertNotEqual(response.get("X-Page-Cache"), "hit")
        self.assertNotIn("public", response.get("Cache-Control", ""))

    def test_a_preview_never_reaches_visitors(self):
        self.warm("/statement/", self.statement.title)
        self.statement.title = "Draft title nobody approved"
        self.statement.save_revision()
        self.client.force_login(self.editor)
        preview = self.get(f"/admin/pages/{self.statement.pk}/edit/preview/")
        self.assertNotIn("X-Page-Cache", preview)
        self.client.logout()
        self.assertNotContains(self.get("/statement/"), "Draft title nobody approved")


@CACHE_ON
class InvalidationTests(CachedSiteTestCase):
    """Every kind of change a public page can show drops the stored pages."""

    def test_publishing_a_page(self):
        self.warm("/news/", "IGF mandate renewed")
        self.warm("/")
        NewsPageFactory(parent=self.news_index, title="WSIS+20 outcome adopted")
        self.assertContains(self.assertFresh("/news/"), "WSIS+20 outcome adopted")
        self.assertContains(self.assertFresh("/"), "WSIS+20 outcome adopted")

    def test_editing_and_publishing_a_revision(self):
        self.warm("/news/", "IGF mandate renewed")
        self.news.title = "IGF mandate renewed for ten years"
        self.news.save_revision().publish()
        self.assertContains(self.assertFresh("/news/"), "renewed for ten years")

    def test_unpublishing_a_page(self):
        self.warm(self.news.url, "IGF mandate renewed")
        self.warm("/news/", "IGF mandate renewed")
        self.news.unpublish()
        self.assertEqual(self.get(self.news.url).status_code, HTTPStatus.NOT_FOUND)
        self.assertNotContains(self.assertFresh("/news/"), "IGF mandate renewed")

    def test_deleting_a_page(self):
        url = self.news.url
        self.warm(url)
        self.news.delete()
        self.assertEqual(self.get(url).status_code, HTTPStatus.NOT_FOUND)

    def test_moving_a_page(self):
        url = self.news.url
        self.warm(url)
        self.news.move(self.home, pos="last-child")
        # Wagtail leaves a redirect from the old address to the new one.
        response = self.assertFresh(url)
        self.assertEqual(response.status_code, HTTPStatus.MOVED_PERMANENTLY)

    def test_a_new_view_restriction(self):
        self.warm("/statement/", self.statement.title)
        self.warm("/")
        PageViewRestriction.objects.create(
            page=self.statement, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertEqual(self.get("/statement/").status_code, HTTPStatus.FOUND)
        self.assertFresh("/")

    def test_an_expiring_page_is_not_kept_past_its_expiry(self):
        """Expiry saves nothing, so nothing is dropped: a page is kept no longer
        than until the first live page expires."""
        soon = timezone.now() + datetime.timedelta(seconds=90)
        Page.objects.filter(pk=self.news.pk).update(expire_at=soon)
        self.get("/news/")
        # LocMemCache's own record of when each stored entry goes.
        stored = [
            at
            for key, at in cache._expire_info.items()
            if ":page-cache:" in key
            and key != f":1:{GENERATION_KEY}"
            and not key.endswith(":next-expiry")
        ]
        self.assertTrue(stored)
        self.assertLessEqual(max(stored), soon.timestamp() + 1)

    def test_signatories(self):
        self.warm("/statement/signatories/", self.signatories[0].name)
        signatory = self.signatories[0]
        signatory.name = "Renamed Registry"
        signatory.save_revision().publish()
        self.assertContains(self.assertFresh("/statement/signatories/"), "Renamed")
        self.warm("/statement/", "Renamed Registry")
        signatory.unpublish()
        self.assertNotContains(self.assertFresh("/statement/"), "Renamed Registry")

    def test_stakeholder_groups(self):
        self.warm("/statement/signatories/", "Registries")
        self.group.name = "Domain name registries"
        self.group.save()
        self.assertContains(
            self.assertFresh("/statement/signatories/"), "Domain name registries"
        )

    def test_key_dates(self):
        self.warm("/", "IGF 2026 opens")
        self.key_date.title = "IGF 2026 opens in Oslo"
        self.key_date.save_revision().publish()
        self.assertContains(self.assertFresh("/"), "IGF 2026 opens in Oslo")

    def test_un_processes(self):
        url = "/news/process/igf/"
        self.warm(url, "IGF")
        self.process.name = "Internet Governance Forum"
        self.process.save_revision().publish()
        self.assertContains(self.assertFresh(url), "Internet Governance Forum")

    def test_site_settings(self):
        self.warm("/", "Technical Community Coalition")
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.organisation_name = "The Coalition of the Technical Community"
        settings.save()
        self.assertContains(self.assertFresh("/"), "The Coalition of the Technical")

    def test_drafts_do_not_drop_the_cache(self):
        """Autosave writes drafts all day; they change nothing public."""
        self.warm("/news/")
        self.news.title = "An unpublished idea"
        self.news.save_revision()
        self.signatories[0].name = "A draft name"
        self.signatories[0].save_revision()
        self.assertStored("/news/", "IGF mandate renewed")
        self.assertNotContains(self.assertStored("/news/"), "An unpublished idea")


class _PurgeRecorder(BaseHTTPRequestHandler):
    """A caching proxy that accepts PURGE, recording what it was asked to drop."""

    purged: list[str] = []

    def do_PURGE(self):
        type(self).purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@CACHE_ON
class FrontendCachePurgeTests(CachedSiteTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.proxy = ThreadingHTTPServer(("127.0.0.1", 0), _PurgeRecorder)
        threading.Thread(target=cls.proxy.serve_forever, daemon=True).start()
        cls.frontend = override_settings(
            WAGTAILFRONTENDCACHE={
                "proxy": {
                    "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                    "LOCATION": f"http://127.0.0.1:{cls.proxy.server_port}",
                }
            }
        )
        cls.frontend.enable()

    @classmethod
    def tearDownClass(cls):
        cls.frontend.disable()
        cls.proxy.shutdown()
        cls.proxy.server_close()
        super().tearDownClass()

    def setUp(self):
        _PurgeRecorder.purged.clear()

    def test_publishing_news_purges_it_and_the_pages_that_list_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.news.title = "IGF mandate renewed for ten years"
            self.news.save_revision().publish()
        purged = set(_PurgeRecorder.purged)
        self.assertIn(self.news.url, purged)
        for path in ("/", "/news/", "/statement/", "/statement/signatories/"):
            self.assertIn(path, purged)

    def test_a_snippet_change_purges_the_pages_that_show_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.signatories[0].save_revision().publish()
        self.assertIn("/statement/signatories/", _PurgeRecorder.purged)

    def test_a_restriction_purges_the_branch_below_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            PageViewRestriction.objects.create(
                page=self.news_index, restriction_type=PageViewRestriction.LOGIN
            )
        self.assertIn(self.news.url, _PurgeRecorder.purged)
        self.assertIn("/news/", _PurgeRecorder.purged)


@CACHE_ON
class SignOnCacheTests(SignOnTestCase):
    """The statement's sign-on form (statements/signon/) and the cache."""

    def setUp(self):
        SiteSettings.for_site(Site.objects.get(is_default_site=True))

    def test_the_form_is_never_stored_and_keeps_its_token_private(self):
        for _ in range(2):
            response = self.client.get("/statement/join/")
            self.assertContains(response, 'name="csrfmiddlewaretoken"')
            self.assertNotIn("X-Page-Cache", response)
            self.assertIn("private", response["Cache-Control"])
            self.assertIn("Cookie", response["Vary"])
            self.assertIn("csrftoken", response.cookies)

    def test_submissions_leave_stored_pages_alone_and_approval_drops_them(self):
        self.client.get("/statement/")
        self.assertEqual(self.client.get("/statement/")["X-Page-Cache"], "hit")
        self.submit()
        request = SignOnRequest.objects.get()
        # Anyone may submit: that must not empty the cache for everyone.
        self.assertEqual(self.client.get("/statement/")["X-Page-Cache"], "hit")
        request.status = SignOnRequest.Status.VERIFIED
        request.save()
        moderation.approve(request, self.comms)
        response = self.client.get("/statement/")
        self.assertNotEqual(response.get("X-Page-Cache"), "hit")
        self.assertContains(response, "Registro Exemplar")

    def test_the_confirmation_link_is_never_stored(self):
        self.submit()
        path = self.confirm_url(mail.outbox[0]).removeprefix("http://localhost")
        for _ in range(2):
            response = self.client.get(path)
            self.assertNotIn("X-Page-Cache", response)
            self.assertIn("no-store", response["Cache-Control"])
