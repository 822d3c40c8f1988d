"""The statement shows when it was published, as precisely as the sources say."""

import datetime
from http import HTTPStatus

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from core.dates import DAY, MONTH, YEAR
from statements.models import StatementPage
from tests.factories import StatementPageFactory, make_site_root


class PublicationDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.statement = StatementPageFactory(
            parent=home, publication_date=datetime.date(2024, 12, 1)
        )

    def set_date(self, precision: str, day=datetime.date(2024, 12, 1)) -> None:
        StatementPage.objects.filter(pk=self.statement.pk).update(
            publication_date=day, publication_date_precision=precision
        )

    def test_each_precision_reads_as_the_sources_allow(self):
        for precision, day, shown in [
            (
                MONTH,
                datetime.date(2024, 12, 1),
                '<time datetime="2024-12">December 2024</time>',
            ),
            (YEAR, datetime.date(2024, 12, 1), '<time datetime="2024">2024</time>'),
            (
                DAY,
                datetime.date(2024, 12, 17),
                '<time datetime="2024-12-17">17 December 2024</time>',
            ),
        ]:
            with self.subTest(precision=precision):
                self.set_date(precision, day)
                response = self.client.get("/statement/")
                self.assertContains(response, f"Published {shown}.", html=False)

    def test_no_date_no_published_line(self):
        StatementPage.objects.filter(pk=self.statement.pk).update(publication_date=None)
        self.assertNotContains(self.client.get("/statement/"), "Published")

    def test_last_updated_only_after_a_later_edit(self):
        first = datetime.datetime(2026, 12, 3, 9, tzinfo=datetime.UTC)
        StatementPage.objects.filter(pk=self.statement.pk).update(
            first_published_at=first, last_published_at=first
        )
        self.assertNotContains(self.client.get("/statement/"), "Last updated")
        StatementPage.objects.filter(pk=self.statement.pk).update(
            last_published_at=first + datetime.timedelta(days=40)
        )
        self.assertContains(
            self.client.get("/statement/"),
            'Last updated <time datetime="2027-01-12T09:00:00+00:00">12 January 2027',
        )

    def test_editors_see_the_precision_with_a_label_and_help(self):
        admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")
        self.client.force_login(admin)
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.statement.pk])
        )
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, "How precise is the date")
        self.assertContains(response, "no source gives the exact day")
        self.assertContains(response, "Month only, e.g. December 2024")
