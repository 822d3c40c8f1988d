"""Key dates and UN processes have drafts, history, compare, preview and
scheduled publishing, through the admin's own views."""

import datetime
import importlib
import re
from http import HTTPStatus
from io import StringIO
from unittest import mock

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import rich_text

from news.models import KeyDate, KeyDateChange, KeyDateIndexPage, UNProcess
from tests.factories import (
    KeyDateFactory,
    NewsIndexPageFactory,
    UNProcessFactory,
    make_site_root,
)

D = datetime.date
KEY_DATE = "wagtailsnippets_news_keydate"
PROCESS = "wagtailsnippets_news_unprocess"


def key_date_form(key_date=None, **changes) -> dict:
    """The key date form as an editor submits it."""
    data = {
        "title": "",
        "process": "",
        "start": "",
        "end": "",
        "precision": "day",
        "date_change_note": "",
        "status": "confirmed",
        "location": "",
        "description": "",
        "official_link": "",
        "source_link": "",
        "outcome": rich_text(""),
        "go_live_at": "",
        "expire_at": "",
    }
    if key_date is not None:
        data.update(
            title=key_date.title,
            process=key_date.process_id,
            start=key_date.start.isoformat(),
            end=key_date.end.isoformat() if key_date.end else "",
            precision=key_date.precision,
            status=key_date.status,
            location=key_date.location,
        )
    data.update(changes)
    return data


def process_form(process=None, **changes) -> dict:
    data = {
        "name": "",
        "acronym": "",
        "slug": "",
        "description": "",
        "official_link": "",
        "source_link": "",
        "status": "ongoing",
        "go_live_at": "",
        "expire_at": "",
    }
    if process is not None:
        data.update(
            name=process.name,
            acronym=process.acronym,
            slug=process.slug,
            description=process.description,
            status=process.status,
        )
    data.update(changes)
    return data


def listed_statuses(response) -> dict[str, str]:
    """Each row of an admin listing: its title and its status tag."""
    rows = {}
    for row in response.content.decode().split("<tr")[2:]:
        title = re.search(r'id="snippet_\d+_title">([^<]+)<', row)
        status = re.search(r'class="w-status[^"]*"[^>]*>\s*([^<]+?)\s*<', row)
        if title and status:
            rows[title.group(1)] = status.group(1)
    return rows


def admin_time(moment: datetime.datetime) -> str:
    """A date and time as the admin's date-time field takes it."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


class DraftsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.news = NewsIndexPageFactory(parent=cls.home)
        cls.home.add_child(
            instance=KeyDateIndexPage(title="Key dates", slug="key-dates")
        )
        cls.igf = UNProcessFactory(
            name="Internet Governance Forum", acronym="IGF", slug="igf"
        )
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def post(self, url_name: str, data: dict, pk=None, publish=False):
        if publish:
            data = {**data, "action-publish": "action-publish"}
        args = [] if pk is None else [pk]
        return self.client.post(reverse(url_name, args=args), data)


class KeyDateDraftTests(DraftsTestCase):
    def test_edit_form_offers_drafts_preview_locking_and_a_plain_process_list(self):
        UNProcessFactory(name="Global Digital Compact", acronym="GDC", live=False)
        key_date = KeyDateFactory(process=self.igf)
        response = self.client.get(reverse(f"{KEY_DATE}:edit", args=[key_date.pk]))
        for action in ("Save draft", "Publish", "Preview", "Lock"):
            self.assertContains(response, action)
        self.assertContains(response, "Go live date/time")
        self.assertContains(response, "It stays off the website until this moment")
        # A plain list of the few processes, not a chooser pop-up.
        self.assertContains(response, '<select name="process"')
        self.assertInHTML(
            f'<option value="{self.igf.pk}" selected>'
            "Internet Governance Forum (IGF)</option>",
            response.content.decode(),
        )
        self.assertContains(
            response, "Global Digital Compact (GDC) – draft, not on the website yet"
        )
        self.assertNotContains(response, "Choose UN process")

    def test_a_new_key_date_saved_as_draft_stays_off_the_website(self):
        response = self.post(
            f"{KEY_DATE}:add",
            key_date_form(title="IGF 2031", process=self.igf.pk, start="2031-06-01"),
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        key_date = KeyDate.objects.get(title="IGF 2031")
        self.assertFalse(key_date.live)
        self.assertNotContains(self.client.get("/key-dates/"), "IGF 2031")
        self.assertNotContains(self.client.get("/news/process/igf/"), "IGF 2031")

        self.post(f"{KEY_DATE}:edit", key_date_form(key_date), key_date.pk, True)
        self.assertContains(self.client.get("/key-dates/"), "IGF 2031")
        self.assertContains(self.client.get("/"), "IGF 2031")
        self.assertIn(b"IGF 2031", self.client.get("/key-dates.ics").content)

    def test_listing_shows_live_draft_and_scheduled(self):
        KeyDateFactory(process=self.igf, title="Published date")
        KeyDateFactory(process=self.igf, title="Draft date", live=False)
        edited = KeyDateFactory(process=self.igf, title="Edited date")
        self.post(
            f"{KEY_DATE}:edit", key_date_form(edited, location="Geneva"), edited.pk
        )
        scheduled = KeyDateFactory(process=self.igf, title="Scheduled date", live=False)
        go_live = admin_time(timezone.now() + datetime.timedelta(days=1))
        self.post(
            f"{KEY_DATE}:edit",
            key_date_form(scheduled, go_live_at=go_live),
            scheduled.pk,
            publish=True,
        )
        response = self.client.get(reverse(f"{KEY_DATE}:list"))
        self.assertEqual(
            listed_statuses(response),
            {
                "Published date": "live",
                "Draft date": "draft",
                "Edited date": "live + draft",
                "Scheduled date": "scheduled",
            },
        )
        self.assertContains(response, "Date status")  # the key date's own status
        self.assertContains(response, "live + draft")

    def test_listings_cost_the_same_queries_however_many_rows(self):
        def count(url_name: str) -> int:
            url = reverse(url_name)
            self.client.get(url)  # warm the admin's caches
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, HTTPStatus.OK)
            return len(queries)

        def add(n: int) -> None:
            for _ in range(n):
                process = UNProcessFactory()
                process.save_revision(
                    approved_go_live_at=timezone.now() + datetime.timedelta(days=1)
                )
                KeyDateFactory(process=process).save_revision().publish()

        add(2)
        small = [count(f"{KEY_DATE}:list"), count(f"{PROCESS}:list")]
        add(10)
        self.assertEqual([count(f"{KEY_DATE}:list"), count(f"{PROCESS}:list")], small)

    def test_history_and_compare_work(self):
        key_date = KeyDateFactory(process=self.igf, title="IGF 2030")
        key_date.save_revision(user=self.admin).publish()
        self.post(
            f"{KEY_DATE}:edit",
            key_date_form(key_date, location="Oslo, Norway"),
            key_date.pk,
            publish=True,
        )
        first, second = key_date.revisions.order_by("created_at", "pk")
        history = self.client.get(reverse(f"{KEY_DATE}:history", args=[key_date.pk]))
        self.assertEqual(history.status_code, HTTPStatus.OK)
        self.assertContains(history, "Published")
        compare = self.client.get(
            reverse(
                f"{KEY_DATE}:revisions_compare",
                args=[key_date.pk, first.pk, second.pk],
            )
        )
        self.assertEqual(compare.status_code, HTTPStatus.OK)
        self.assertContains(compare, "Oslo, Norway")
        revision = self.client.get(
            reverse(f"{KEY_DATE}:revisions_view", args=[key_date.pk, first.pk])
        )
        self.assertEqual(revision.status_code, HTTPStatus.OK)
        self.assertContains(revision, "IGF 2030")

    def test_preview_shows_the_key_date_and_the_move_readers_will_see(self):
        key_date = KeyDateFactory(
            process=self.igf, title="IGF 2030", start=D(2030, 6, 1), location="Oslo"
        )
        url = reverse(f"{KEY_DATE}:preview_on_edit", args=[key_date.pk])
        data = key_date_form(
            key_date,
            start="2030-09-14",
            precision="month",
            date_change_note="Postponed by the host country",
        )
        self.assertEqual(
            self.client.post(url, data).json(), {"is_valid": True, "is_available": True}
        )
        response = self.client.get(url, {"in_preview_panel": "true"})
        self.assertContains(response, "Internet Governance Forum")
        self.assertContains(response, "IGF 2030")
        self.assertContains(response, "Oslo")
        self.assertContains(
            response,
            "When you publish, the change log will say: 1 Jun 2030 → Sep 2030 "
            "(Postponed by the host country)",
        )
        self.assertContains(response, "Not in calendar subscriptions")
        self.assertNotContains(response, "is a draft")
        # Previewing changes nothing.
        self.assertFalse(KeyDateChange.objects.exists())
        self.assertContains(self.client.get("/key-dates/"), "1 Jun 2030")


class ScheduledKeyDateTests(DraftsTestCase):
    def run_scheduler(self, hours: int) -> None:
        later = timezone.now() + datetime.timedelta(hours=hours)
        with mock.patch("django.utils.timezone.now", return_value=later):
            call_command("publish_scheduled", stdout=StringIO())

    def test_a_scheduled_move_is_logged_when_it_goes_live(self):
        key_date = KeyDateFactory(
            process=self.igf, title="IGF 2030", start=D(2030, 6, 1), location="Oslo"
        )
        key_date.save_revision().publish()
        go_live = admin_time(timezone.now() + datetime.timedelta(hours=1))
        response = self.post(
            f"{KEY_DATE}:edit",
            key_date_form(
                key_date,
                start="2030-09-14",
                date_change_note="Postponed by the host country",
                go_live_at=go_live,
            ),
            key_date.pk,
            publish=True,
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        # Until then readers see the old date, and nothing is logged.
        page = self.client.get("/key-dates/")
        self.assertContains(page, "1 Jun 2030")
        self.assertNotContains(page, "14 Sep 2030")
        self.assertFalse(KeyDateChange.objects.exists())
        key_date.refresh_from_db()
        self.assertEqual(str(key_date.status_string), "live + scheduled")

        self.run_scheduler(hours=2)
        page = self.client.get("/key-dates/")
        self.assertContains(page, "14 Sep 2030")
        self.assertContains(page, "1 Jun 2030 → 14 Sep 2030")
        self.assertContains(page, "Postponed by the host country")
        change = KeyDateChange.objects.get()
        self.assertEqual(change.note, "Postponed by the host country")
        key_date.refresh_from_db()
        self.assertEqual(key_date.date_change_note, "")

    def test_a_new_key_date_goes_live_at_its_time_with_no_change_logged(self):
        go_live = admin_time(timezone.now() + datetime.timedelta(hours=1))
        response = self.post(
            f"{KEY_DATE}:add",
            key_date_form(
                title="IGF 2031",
                process=self.igf.pk,
                start="2031-06-01",
                go_live_at=go_live,
            ),
            publish=True,
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        self.assertNotContains(self.client.get("/key-dates/"), "IGF 2031")
        self.run_scheduler(hours=2)
        self.assertContains(self.client.get("/key-dates/"), "IGF 2031")
        self.assertFalse(KeyDateChange.objects.exists())

    def test_an_expired_key_date_leaves_the_website(self):
        key_date = KeyDateFactory(process=self.igf, title="IGF 2030")
        key_date.expire_at = timezone.now() + datetime.timedelta(hours=1)
        key_date.save()
        self.assertContains(self.client.get("/key-dates/"), "IGF 2030")
        self.run_scheduler(hours=2)
        key_date.refresh_from_db()
        self.assertFalse(key_date.live)
        self.assertTrue(key_date.expired)
        self.assertNotContains(self.client.get("/key-dates/"), "IGF 2030")


class UNProcessDraftTests(DraftsTestCase):
    def test_a_draft_process_has_no_page_until_published(self):
        response = self.post(
            f"{PROCESS}:add",
            process_form(
                name="Global Digital Compact",
                acronym="GDC",
                slug="gdc",
                description="The compact.",
            ),
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        process = UNProcess.objects.get(slug="gdc")
        self.assertFalse(process.live)
        self.assertEqual(
            self.client.get("/news/process/gdc/").status_code, HTTPStatus.NOT_FOUND
        )
        self.assertNotContains(self.client.get("/news/"), "/news/process/gdc/")

        self.post(f"{PROCESS}:edit", process_form(process), process.pk, publish=True)
        self.assertContains(self.client.get("/news/process/gdc/"), "The compact.")
        self.assertContains(self.client.get("/news/"), "/news/process/gdc/")

    def test_edits_to_a_published_process_wait_for_publication(self):
        self.post(
            f"{PROCESS}:edit",
            process_form(self.igf, description="A new description."),
            self.igf.pk,
        )
        page = self.client.get("/news/process/igf/")
        self.assertContains(page, "A UN process the coalition follows.")
        self.assertNotContains(page, "A new description.")
        self.igf.refresh_from_db()
        self.igf.latest_revision.publish()
        self.assertContains(self.client.get("/news/process/igf/"), "A new description.")

    def test_publishing_an_old_draft_keeps_the_position_set_in_the_list(self):
        process = UNProcessFactory(acronym="GDC", slug="gdc", sort_order=0)
        process.save_revision()
        UNProcess.objects.filter(pk=process.pk).update(sort_order=5)
        process.refresh_from_db()
        process.latest_revision.publish()
        process.refresh_from_db()
        self.assertEqual(process.sort_order, 5)

    def test_a_key_date_preview_warns_when_its_process_is_a_draft(self):
        draft = UNProcessFactory(name="Global Digital Compact", live=False)
        url = reverse(f"{KEY_DATE}:preview_on_add")
        data = key_date_form(title="GDC review", process=draft.pk, start="2030-01-01")
        self.assertTrue(self.client.post(url, data).json()["is_valid"])
        self.assertContains(
            self.client.get(url),
            "Global Digital Compact is a draft: this date shows once the process "
            "is published.",
        )

    def test_listing_history_compare_and_preview(self):
        KeyDateFactory(process=self.igf, title="IGF 2030")
        self.igf.save_revision(user=self.admin).publish()
        self.post(
            f"{PROCESS}:edit",
            process_form(self.igf, description="Now permanent."),
            self.igf.pk,
        )
        listing = self.client.get(reverse(f"{PROCESS}:list"))
        self.assertContains(listing, "Process status")
        self.assertContains(listing, "live + draft")
        first, second = self.igf.revisions.order_by("created_at", "pk")
        for url in (
            reverse(f"{PROCESS}:history", args=[self.igf.pk]),
            reverse(
                f"{PROCESS}:revisions_compare",
                args=[self.igf.pk, first.pk, second.pk],
            ),
        ):
            self.assertEqual(self.client.get(url).status_code, HTTPStatus.OK, url)

        # A new process previews too, before it has any key dates.
        url = reverse(f"{PROCESS}:preview_on_add")
        data = process_form(name="WSIS Forum", slug="wsis", description="Yearly.")
        self.assertTrue(self.client.post(url, data).json()["is_valid"])
        self.assertContains(self.client.get(url), "No upcoming key dates are known")

        url = reverse(f"{PROCESS}:preview_on_edit", args=[self.igf.pk])
        data = process_form(self.igf, description="Now permanent.")
        self.assertTrue(self.client.post(url, data).json()["is_valid"])
        response = self.client.get(url, {"in_preview_panel": "true"})
        self.assertContains(response, "Internet Governance Forum (IGF)")
        self.assertContains(response, "Now permanent.")
        self.assertContains(response, "IGF 2030")


class ExistingRowsMigrationTests(DraftsTestCase):
    """news 0004: rows from before drafts existed stay live, with a first revision."""

    migration = importlib.import_module(
        "news.migrations.0004_publish_existing_processes_and_key_dates"
    )

    def test_existing_rows_stay_live_with_a_first_revision(self):
        # As 0003 leaves them: live (the column's default), with no revision.
        key_date = KeyDateFactory(
            process=self.igf, title="IGF 2030", start=D(2030, 6, 1)
        )
        self.assertIsNone(key_date.latest_revision)

        self.migration.publish_existing(apps, None)

        for obj in (self.igf, key_date):
            obj.refresh_from_db()
            self.assertTrue(obj.live)
            self.assertFalse(obj.has_unpublished_changes)
            self.assertEqual(obj.live_revision, obj.latest_revision)
            self.assertEqual(obj.revisions.count(), 1)
        self.assertEqual(key_date.latest_revision.object_str, "IGF 2030 (1 Jun 2030)")
        self.assertEqual(key_date.latest_revision.as_object().start, D(2030, 6, 1))
        self.assertContains(self.client.get("/key-dates/"), "IGF 2030")

        # Its first edit compares against the migrated revision.
        self.post(
            f"{KEY_DATE}:edit",
            key_date_form(key_date, start="2030-06-08", date_change_note="Moved"),
            key_date.pk,
            publish=True,
        )
        first, second = key_date.revisions.order_by("created_at", "pk")
        compare = self.client.get(
            reverse(
                f"{KEY_DATE}:revisions_compare",
                args=[key_date.pk, first.pk, second.pk],
            )
        )
        self.assertEqual(compare.status_code, HTTPStatus.OK)
        self.assertEqual(KeyDateChange.objects.get().current, "8 Jun 2030")

        # Running it again creates nothing more.
        self.migration.publish_existing(apps, None)
        self.assertEqual(key_date.revisions.count(), 2)
