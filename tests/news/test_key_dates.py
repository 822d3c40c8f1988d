"""Key dates: a changed date is logged publicly; admin search and filters."""

import csv
import datetime
import io
from http import HTTPStatus

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import rich_text

from openpyxl import load_workbook

from news.models import KeyDate, KeyDateChange, KeyDateIndexPage
from tests.factories import KeyDateFactory, UNProcessFactory, make_site_root

D = datetime.date


class KeyDateChangeLogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.page = cls.home.add_child(
            instance=KeyDateIndexPage(title="Key dates", slug="key-dates")
        )
        cls.igf = UNProcessFactory(
            name="Internet Governance Forum", acronym="IGF", slug="igf"
        )
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")

    def edit(self, key_date, action: str = "", **changes):
        """Post the key date's edit form as an editor would: a draft, or with
        action="action-publish", a publication."""
        data = {
            "title": key_date.title,
            "process": key_date.process_id,
            "start": key_date.start.isoformat(),
            "end": key_date.end.isoformat() if key_date.end else "",
            "precision": key_date.precision,
            "date_change_note": "",
            "status": key_date.status,
            "location": key_date.location,
            "description": "",
            "official_link": "",
            "source_link": "",
            "outcome": rich_text(""),
            "go_live_at": "",
            "expire_at": "",
            **changes,
        }
        if action:
            data[action] = action
        self.client.force_login(self.admin)
        return self.client.post(
            reverse("wagtailsnippets_news_keydate:edit", args=[key_date.pk]), data
        )

    def test_publishing_a_new_date_logs_the_previous_one(self):
        key_date = KeyDateFactory(
            process=self.igf, start=D(2030, 6, 1), end=D(2030, 6, 5)
        )
        self.assertEqual(key_date.changes.count(), 0)
        key_date.start, key_date.end = D(2030, 7, 1), D(2030, 7, 5)
        key_date.save_revision().publish()
        change = key_date.changes.get()
        self.assertEqual(change.previous, "1–5 Jun 2030")
        self.assertEqual(change.current, "1–5 Jul 2030")

    def test_other_edits_do_not_log_a_change(self):
        key_date = KeyDate.objects.get(pk=KeyDateFactory(process=self.igf).pk)
        key_date.location = "Geneva"
        key_date.save_revision().publish()
        self.assertFalse(KeyDateChange.objects.exists())

    def test_editor_gives_a_reason_shown_to_readers(self):
        key_date = KeyDateFactory(
            process=self.igf, title="IGF 2030", start=D(2030, 6, 1), location="Oslo"
        )
        response = self.edit(
            key_date,
            "action-publish",
            start="2030-09-14",
            date_change_note="Postponed by the host country",
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        page = self.client.get("/key-dates/")
        self.assertContains(page, "Date changed once")
        self.assertContains(page, "1 Jun 2030 → 14 Sep 2030")
        self.assertContains(page, "Postponed by the host country")
        edit = self.client.get(
            reverse("wagtailsnippets_news_keydate:edit", args=[key_date.pk])
        )
        self.assertContains(edit, "1 Jun 2030 → 14 Sep 2030")
        # The reason went with that move; the form is ready for the next one.
        self.assertEqual(edit.context["form"]["date_change_note"].value(), "")

    def test_a_draft_changes_nothing_readers_see_until_published(self):
        key_date = KeyDateFactory(
            process=self.igf, title="IGF 2030", start=D(2030, 6, 1), location="Oslo"
        )
        response = self.edit(
            key_date, start="2030-09-14", date_change_note="Postponed by the host"
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        self.assertFalse(KeyDateChange.objects.exists())
        page = self.client.get("/key-dates/")
        self.assertContains(page, "1 Jun 2030")
        self.assertNotContains(page, "14 Sep 2030")
        self.assertNotContains(page, "Postponed by the host")
        self.assertNotIn(b"14 Sep 2030", self.client.get("/key-dates.ics").content)

        # The reason waits in the draft, and the editor sees what publishing does.
        edit = self.client.get(
            reverse("wagtailsnippets_news_keydate:edit", args=[key_date.pk])
        )
        self.assertEqual(
            edit.context["form"]["date_change_note"].value(), "Postponed by the host"
        )
        self.assertContains(
            edit, "When you publish, readers will see the date move from 1 Jun 2030"
        )

        # Publishing the draft as it stands logs the move with the draft's reason.
        key_date.refresh_from_db()
        key_date.latest_revision.publish()
        change = key_date.changes.get()
        self.assertEqual(
            (change.previous, change.current), ("1 Jun 2030", "14 Sep 2030")
        )
        self.assertEqual(change.note, "Postponed by the host")
        self.assertContains(self.client.get("/key-dates/"), "Postponed by the host")

    def test_a_reason_without_a_move_is_refused_and_nothing_changes(self):
        key_date = KeyDateFactory(process=self.igf, start=D(2030, 6, 1))
        response = self.edit(
            key_date, "action-publish", location="Geneva", date_change_note="Moved"
        )
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, "The date is the same as the one on the website")
        # What the editor typed is still in the form.
        self.assertEqual(response.context["form"]["location"].value(), "Geneva")
        key_date.refresh_from_db()
        self.assertEqual(key_date.location, "")
        self.assertIsNone(key_date.latest_revision)

    def test_a_first_publication_logs_no_change(self):
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("wagtailsnippets_news_keydate:add"),
            {
                "title": "CSTD 29",
                "process": self.igf.pk,
                "start": "2030-04-01",
                "end": "",
                "precision": "day",
                "date_change_note": "",
                "status": "confirmed",
                "location": "",
                "description": "",
                "official_link": "",
                "source_link": "",
                "outcome": rich_text(""),
            },
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        key_date = KeyDate.objects.get(title="CSTD 29")
        self.assertFalse(key_date.live)
        self.assertNotContains(self.client.get("/key-dates/"), "CSTD 29")
        response = self.edit(key_date, "action-publish", start="2030-04-08")
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        self.assertContains(self.client.get("/key-dates/"), "CSTD 29")
        self.assertFalse(KeyDateChange.objects.exists())

    def test_end_before_start_is_refused(self):
        key_date = KeyDate(
            process=self.igf, title="X", start=D(2030, 6, 5), end=D(2030, 6, 1)
        )
        with self.assertRaises(ValidationError) as error:
            key_date.full_clean()
        self.assertIn("end", error.exception.message_dict)


class KeyDatePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        home.add_child(instance=KeyDateIndexPage(title="Key dates", slug="key-dates"))
        today = timezone.localdate()
        cls.igf = UNProcessFactory(
            name="Internet Governance Forum", acronym="IGF", slug="igf"
        )
        cls.cstd = UNProcessFactory(name="CSTD", acronym="CSTD", slug="cstd")
        KeyDateFactory(
            process=cls.igf, title="Next IGF", start=today + datetime.timedelta(100)
        )
        KeyDateFactory(
            process=cls.cstd, title="Past CSTD", start=today - datetime.timedelta(100)
        )
        KeyDateFactory(
            process=cls.cstd,
            title="CSTD-30 report",
            start=D(today.year + 1, 1, 1),
            precision="year",
            status=KeyDate.PROVISIONAL,
        )

    def test_lists_upcoming_and_past_by_process(self):
        response = self.client.get("/key-dates/")
        content = response.content.decode()
        upcoming, past = content.split('id="past-heading"')
        self.assertIn("Next IGF", upcoming)
        self.assertIn("CSTD-30 report", upcoming)
        self.assertIn(f"<strong>{timezone.localdate().year + 1}</strong>", upcoming)
        self.assertIn("Provisional", upcoming)
        self.assertIn("Past CSTD", past)
        self.assertContains(response, 'href="/key-dates.ics"')


class KeyDateAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site_root()
        cls.igf = UNProcessFactory(
            name="Internet Governance Forum", acronym="IGF", slug="igf"
        )
        cls.cstd = UNProcessFactory(name="CSTD", acronym="CSTD", slug="cstd")
        KeyDateFactory(process=cls.igf, title="IGF in Oslo", location="Oslo")
        KeyDateFactory(process=cls.cstd, title="CSTD session", status=KeyDate.CANCELLED)
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_key_dates_are_searchable_and_filterable(self):
        url = reverse("wagtailsnippets_news_keydate:list")
        response = self.client.get(url, {"q": "oslo"})
        self.assertContains(response, "IGF in Oslo")
        self.assertNotContains(response, "CSTD session")
        response = self.client.get(url, {"process": self.cstd.pk})
        self.assertContains(response, "CSTD session")
        self.assertNotContains(response, "IGF in Oslo")
        response = self.client.get(url, {"status": "cancelled"})
        self.assertContains(response, "CSTD session")

    def test_export_cells_cannot_run_as_spreadsheet_formulas(self):
        KeyDateFactory(
            process=self.igf, title='=HYPERLINK("http://evil.example")', location="@A1"
        )
        url = reverse("wagtailsnippets_news_keydate:list")
        response = self.client.get(url, {"export": "csv"})
        body = b"".join(response.streaming_content).decode()
        rows = list(csv.DictReader(io.StringIO(body)))
        row = next(r for r in rows if "HYPERLINK" in r["Title"])
        self.assertEqual(row["Title"], '\'=HYPERLINK("http://evil.example")')
        self.assertEqual(row["Location"], "'@A1")
        response = self.client.get(url, {"export": "xlsx"})
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        titles = [row[0] for row in workbook.active.iter_rows(values_only=True)]
        self.assertIn('\'=HYPERLINK("http://evil.example")', titles)

    def test_processes_are_searchable_and_filterable(self):
        url = reverse("wagtailsnippets_news_unprocess:list")
        self.assertContains(
            self.client.get(url, {"q": "governance"}), "Internet Governance Forum"
        )
        response = self.client.get(url, {"status": "concluded"})
        self.assertNotContains(response, "Internet Governance Forum")
