"""seed_scale adds synthetic content for benchmarks, only what is missing."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from news.models import NewsPage
from statements.models import Signatory, Signature


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_scale", stdout=out, **options)
    return out.getvalue()


class SeedScaleTests(TestCase):
    def test_needs_the_launch_content(self):
        with self.assertRaises(CommandError):
            seed(signatories=2)

    def test_adds_signatories_with_logos_and_news_once(self):
        call_command("load_coalition_content", stdout=StringIO())
        seed(signatories=3, news=2)
        synthetic = Signatory.objects.filter(name__startswith="Synthetic organisation")
        self.assertEqual(synthetic.count(), 3)
        self.assertTrue(all(s.logo_id for s in synthetic))
        self.assertEqual(Signature.objects.filter(signatory__in=synthetic).count(), 3)
        self.assertEqual(
            NewsPage.objects.filter(slug__startswith="synthetic-news-").count(), 2
        )
        self.assertContains(self.client.get("/statement/"), "17 organisations")

        seed(signatories=3, news=2)
        self.assertEqual(synthetic.count(), 3)
        self.assertEqual(
            NewsPage.objects.filter(slug__startswith="synthetic-news-").count(), 2
        )
        self.assertEqual(
            self.client.get("/news/synthetic-news-00002/").status_code, 200
        )
