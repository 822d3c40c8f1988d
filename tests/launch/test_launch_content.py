"""load_coalition_content: creates what is missing, never duplicates, keeps edits."""

from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.test import TestCase, override_settings

from wagtail.models import Page, Site

from home.models import HomePage


def load() -> str:
    out = StringIO()
    call_command("load_coalition_content", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [
        Page,
        Site,
        *[
            model
            for model in apps.get_models()
            if model._meta.app_label in {"core", "home", "statements", "news"}
        ],
    ]
    return {model._meta.label: model.objects.count() for model in models}


class LaunchContentTests(TestCase):
    def test_home_page_becomes_the_default_site_root(self):
        load()
        site = Site.objects.get(is_default_site=True)
        self.assertIsInstance(site.root_page.specific, HomePage)
        self.assertFalse(
            Page.objects.filter(
                title__startswith="Welcome to your new Wagtail"
            ).exists()
        )
        self.assertEqual(self.client.get("/").status_code, 200)

    @override_settings(
        WAGTAILADMIN_BASE_URL="https://tccm.example.org",
        ALLOWED_HOSTS=["tccm.example.org"],
    )
    def test_site_address_comes_from_the_configured_base_url(self):
        load()
        site = Site.objects.get(is_default_site=True)
        self.assertEqual((site.hostname, site.port), ("tccm.example.org", 443))
        response = self.client.get("/", HTTP_HOST="tccm.example.org")
        self.assertContains(
            response, '<link rel="canonical" href="https://tccm.example.org/">'
        )
        self.assertContains(
            response, '<meta property="og:url" content="https://tccm.example.org/">'
        )

    def test_running_twice_leaves_the_same_counts(self):
        load()
        first = counts()
        output = load()
        self.assertEqual(counts(), first)
        self.assertIn("nothing missing", output)

    def test_staff_edits_survive_a_second_run(self):
        load()
        home = HomePage.objects.get()
        home.hero_heading = "Edited by the comms team"
        home.save_revision().publish()
        load()
        home.refresh_from_db()
        self.assertEqual(home.hero_heading, "Edited by the comms team")
        self.assertEqual(HomePage.objects.count(), 1)
