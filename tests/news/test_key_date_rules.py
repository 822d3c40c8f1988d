"""Key dates mean what they say: "Done" only once they have come, and a moved
date readers already saw is published with its reason."""

import datetime
from http import HTTPStatus
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import rich_text

from news.models import KeyDate, KeyDateChange, KeyDateIndexPage
from tests.factories import KeyDateFactory, UNProcessFactory, make_site_root

D = datetime.date


class KeyDateRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        home.add_child(instance=KeyDateIndexPage(title="Key dates", slug="key-dates"))
        cls.igf = UNProcessFactory(acronym="IGF", slug="igf")
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")

    def form_data(self, key_date=None, **changes) -> dict:
        data = {
            "title": "IGF 2030",
            "process": self.igf.pk,
            "start": "2030-06-01",
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
                start=key_date.start.isoformat(),
                end=key_date.end.isoformat() if key_date.end else "",
                precision=key_date.precision,
                status=key_date.status,
            )
        data.update(changes)
        return data

    def edit(self, key_date, action: str = "", **changes):
        data = self.form_data(key_date, **changes)
        if action:
            data[action] = action
        self.client.force_login(self.admin)
        return self.client.post(
            reverse("wagtailsnippets_news_keydate:edit", args=[key_date.pk]), data
        )

    # -- Done, and in the future ----------------------------------------------

    def test_a_future_date_cannot_be_done(self):
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("wagtailsnippets_news_keydate:add"),
            self.form_data(status="done", **{"action-publish": "action-publish"}),
        )
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertFormError(
            response.context["form"],
            "status",
            "“Done” is for dates that have come: 1 Jun 2030 is still in the future. "
            "Choose Confirmed or Provisional, or correct the date.",
        )
        self.assertFalse(KeyDate.objects.exists())

    def test_a_draft_cannot_be_done_in_the_future_either(self):
        key_date = KeyDateFactory(process=self.igf, start=D(2030, 6, 1))
        response = self.edit(key_date, status="done")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertIn("status", response.context["form"].errors)
        key_date.refresh_from_db()
        self.assertEqual(key_date.status, KeyDate.CONFIRMED)
        self.assertIsNone(key_date.latest_revision)

    def test_done_is_fine_once_the_date_has_come(self):
        today = timezone.localdate()
        for start, precision in [
            (today, "day"),
            (today - datetime.timedelta(days=400), "day"),
            # This month or year has begun, whatever day the editor typed.
            (today.replace(day=28) if today.day < 28 else today, "month"),
            (D(today.year, 12, 31), "year"),
        ]:
            with self.subTest(start=start, precision=precision):
                KeyDate(
                    process=self.igf,
                    title="Happened",
                    start=start,
                    precision=precision,
                    status=KeyDate.DONE,
                ).full_clean()

    def test_model_refuses_done_in_the_future(self):
        key_date = KeyDate(
            process=self.igf,
            title="Next year",
            start=D(timezone.localdate().year + 1, 1, 1),
            precision="year",
            status=KeyDate.DONE,
        )
        with self.assertRaises(ValidationError) as error:
            key_date.full_clean()
        self.assertIn("status", error.exception.message_dict)

    # -- A moved date needs its reason -----------------------------------------

    def test_publishing_a_moved_date_without_a_reason_is_refused(self):
        key_date = KeyDateFactory(process=self.igf, start=D(2030, 6, 1))
        key_date.save_revision().publish()
        response = self.edit(key_date, "action-publish", start="2030-09-14")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertFormError(
            response.context["form"],
            "date_change_note",
            "You moved a date readers can see, from 1 Jun 2030 to 14 Sep 2030: say "
            "why in a few words. Readers see it in the change log, e.g. 'Postponed "
            "by the General Assembly'.",
        )
        # Nothing changed: readers still see the old date, and no move is logged.
        key_date.refresh_from_db()
        self.assertEqual(key_date.start, D(2030, 6, 1))
        self.assertFalse(KeyDateChange.objects.exists())
        self.assertContains(self.client.get("/key-dates/"), "1 Jun 2030")
        # What the editor typed is still in the form.
        self.assertEqual(response.context["form"]["start"].value(), "2030-09-14")

    def test_with_its_reason_the_move_is_published_and_logged(self):
        key_date = KeyDateFactory(process=self.igf, start=D(2030, 6, 1))
        key_date.save_revision().publish()
        response = self.edit(
            key_date,
            "action-publish",
            start="2030-09-14",
            date_change_note="Postponed by the host country",
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        change = KeyDateChange.objects.get()
        self.assertEqual(change.note, "Postponed by the host country")

    def test_a_draft_may_wait_for_the_reason(self):
        key_date = KeyDateFactory(process=self.igf, start=D(2030, 6, 1))
        key_date.save_revision().publish()
        response = self.edit(key_date, start="2030-09-14")
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        key_date.refresh_from_db()
        self.assertEqual(key_date.latest_revision.content["start"], "2030-09-14")
        self.assertContains(self.client.get("/key-dates/"), "1 Jun 2030")

    def test_changing_only_the_precision_is_a_move_too(self):
        key_date = KeyDateFactory(process=self.igf, start=D(2030, 6, 1))
        key_date.save_revision().publish()
        response = self.edit(key_date, "action-publish", precision="month")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertIn(
            "from 1 Jun 2030 to Jun 2030", str(response.context["form"].errors)
        )

    def test_other_edits_need_no_reason(self):
        key_date = KeyDateFactory(process=self.igf, start=D(2030, 6, 1))
        key_date.save_revision().publish()
        response = self.edit(key_date, "action-publish", location="Geneva")
        self.assertEqual(response.status_code, HTTPStatus.FOUND)


class LaunchKeyDateRuleTests(TestCase):
    def test_launch_key_dates_follow_the_rules(self):
        call_command("load_coalition_content", stdout=StringIO())
        for key_date in KeyDate.objects.all():
            with self.subTest(key_date=str(key_date)):
                key_date.full_clean()
