"""Comms review: a news editor submits, Comms staff are told, approve or send
back with a comment from the dashboard, and the editor is told the outcome."""

from http import HTTPStatus
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from editorial.roles import COMMS_STAFF, NEWS_EDITORS, REVIEW_WORKFLOW
from news.models import NewsIndexPage, NewsPage, UNProcess
from tests.factories import UNProcessFactory


class ReviewTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_coalition_content", stdout=StringIO())
        User = get_user_model()
        cls.editor = User.objects.create_user(
            "member-editor", "editor@member.example", "pw", first_name="Ana"
        )
        cls.editor.groups.add(Group.objects.get(name=NEWS_EDITORS))
        cls.comms = User.objects.create_user(
            "comms", "comms@tccm.example", "pw", first_name="Kim"
        )
        cls.comms.groups.add(Group.objects.get(name=COMMS_STAFF))
        cls.index = NewsIndexPage.objects.get()
        cls.igf = UNProcess.objects.get(slug="igf")

    def news_form(self, action: str = "action-submit", processes=None) -> dict:
        data = nested_form_data(
            {
                "title": "IGF 2026 dates announced",
                "slug": "igf-2026-dates",
                "date": "",
                "summary": "The IGF will meet in June.",
                "body": streamfield(
                    [("paragraph", rich_text("<p>The IGF announced its dates.</p>"))]
                ),
                "tags": "",
                "related_news_items": inline_formset([]),
                "comments": inline_formset([]),
                action: action.removeprefix("action-"),
            }
        )
        data["processes"] = [p.pk for p in processes or [self.igf]]
        return data

    def submit_news(self, action: str = "action-submit", processes=None) -> NewsPage:
        self.client.force_login(self.editor)
        data = self.news_form(action, processes)
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["news", "newspage", self.index.pk]),
            data,
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND, response.content[:0])
        return NewsPage.objects.get(slug="igf-2026-dates")


class CommsReviewTests(ReviewTestCase):
    def test_news_editor_cannot_publish_only_submit(self):
        self.client.force_login(self.editor)
        response = self.client.get(
            reverse("wagtailadmin_pages:add", args=["news", "newspage", self.index.pk])
        )
        self.assertContains(response, 'name="action-submit"')
        self.assertContains(response, REVIEW_WORKFLOW)
        self.assertNotContains(response, 'name="action-publish"')

    def test_a_forged_publish_from_a_news_editor_publishes_nothing(self):
        # The form offers no Publish; a request that sends it anyway only
        # saves a draft, when the item is added and when it is edited.
        page = self.submit_news("action-publish")
        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = self.client.post(edit, self.news_form("action-publish"))
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        page.refresh_from_db()
        self.assertEqual(page.revisions.count(), 2)
        self.assertFalse(page.live)
        self.assertIsNone(page.go_live_at)
        self.assertFalse(page.revisions.filter(approved_go_live_at__isnull=False))
        self.client.logout()
        self.assertEqual(self.client.get("/news/igf-2026-dates/").status_code, 404)
        self.assertNotContains(self.client.get("/news/"), "IGF 2026 dates announced")

    def test_submission_notifies_comms_staff_and_waits_for_review(self):
        page = self.submit_news()
        self.assertFalse(page.live)
        state = WorkflowState.objects.get(
            object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
        )
        self.assertEqual(state.workflow.name, REVIEW_WORKFLOW)
        recipients = {address for message in mail.outbox for address in message.to}
        self.assertIn(self.comms.email, recipients)
        self.assertNotIn(self.editor.email, recipients)
        self.assertIn("IGF 2026 dates announced", mail.outbox[-1].subject)
        # Not public while in review.
        self.client.logout()
        self.assertEqual(self.client.get("/news/igf-2026-dates/").status_code, 404)

    def test_comms_staff_see_it_on_the_dashboard_and_approve_with_a_comment(self):
        page = self.submit_news()
        mail.outbox.clear()
        self.client.force_login(self.comms)
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, "Awaiting your review")
        self.assertContains(dashboard, "IGF 2026 dates announced")
        task_state = TaskState.objects.get(
            workflow_state__object_id=str(page.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        )
        approve = reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", task_state.pk],
        )
        self.assertContains(dashboard, approve)
        response = self.client.post(approve, {"comment": "Good to go, thanks."})
        self.assertIn(response.status_code, (HTTPStatus.OK, HTTPStatus.FOUND))
        page.refresh_from_db()
        self.assertTrue(page.live)
        task_state.refresh_from_db()
        self.assertEqual(task_state.comment, "Good to go, thanks.")
        # The editor hears back.
        self.assertEqual([m.to for m in mail.outbox], [[self.editor.email]])
        self.assertIn("approved", mail.outbox[0].subject.lower())
        self.client.logout()
        self.assertContains(self.client.get("/news/"), "IGF 2026 dates announced")

    def test_comms_staff_request_changes_and_the_editor_is_told(self):
        page = self.submit_news()
        mail.outbox.clear()
        self.client.force_login(self.comms)
        task_state = TaskState.objects.get(
            workflow_state__object_id=str(page.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        )
        response = self.client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[page.pk, "reject", task_state.pk],
            ),
            {"comment": "Please cite the IGF announcement."},
        )
        self.assertIn(response.status_code, (HTTPStatus.OK, HTTPStatus.FOUND))
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual([m.to for m in mail.outbox], [[self.editor.email]])
        self.assertIn("Please cite the IGF announcement.", mail.outbox[0].body)
        # The editor can still edit and resubmit their item.
        self.client.force_login(self.editor)
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertContains(edit, "Changes requested")


class UnannouncedProcessTests(ReviewTestCase):
    """A process still in draft is not announced: news editors at member
    organisations are not shown it, as on their dashboard; Comms staff see it
    marked as a draft."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = UNProcessFactory(name="Zeta Summit", acronym="ZS", live=False)

    def add_form(self, user):
        self.client.force_login(user)
        return self.client.get(
            reverse("wagtailadmin_pages:add", args=["news", "newspage", self.index.pk])
        )

    @staticmethod
    def offered(response) -> list[str]:
        field = response.context["form"]["processes"]
        return [choice.choice_label for choice in field]

    def test_news_editors_are_not_offered_a_draft_process(self):
        offered = self.add_form(self.editor).context["form"].fields["processes"]
        self.assertIn(self.igf, offered.queryset)
        self.assertNotIn(self.draft, offered.queryset)

    def test_comms_staff_see_it_marked_as_a_draft(self):
        offered = self.offered(self.add_form(self.comms))
        self.assertIn("IGF", offered)
        self.assertIn("ZS – draft, not on the website yet", offered)

    def test_a_news_editor_sending_it_anyway_is_refused_and_nothing_is_saved(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["news", "newspage", self.index.pk]),
            self.news_form(processes=[self.igf, self.draft]),
        )
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertIn("processes", response.context["form"].errors)
        self.assertFalse(NewsPage.objects.filter(slug="igf-2026-dates").exists())

    def test_a_draft_process_comms_staff_tagged_survives_the_editors_changes(self):
        page = self.submit_news("action-save")
        page.processes.add(self.draft)
        page.save_revision(user=self.comms)
        self.client.force_login(self.editor)
        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        self.assertIn(
            "ZS – draft, not on the website yet", self.offered(self.client.get(edit))
        )
        response = self.client.post(
            edit, self.news_form("action-save", processes=[self.igf, self.draft])
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        saved = page.get_latest_revision_as_object()
        self.assertEqual(set(saved.processes.all()), {self.igf, self.draft})
