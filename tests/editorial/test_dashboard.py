"""The dashboard is the editor's desk: shortcuts and the panels staff work from."""

import datetime
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from editorial.roles import COMMS_STAFF, NEWS_EDITORS
from news.models import KeyDate, NewsIndexPage, UNProcess
from statements.models import Signatory, Signature, StatementPage
from tests.factories import NewsPageFactory


class DashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_coalition_content", stdout=StringIO())
        User = get_user_model()
        cls.comms = User.objects.create_user("comms", "c@example.org", "pw")
        cls.comms.groups.add(Group.objects.get(name=COMMS_STAFF))
        cls.editor = User.objects.create_user("editor", "e@example.org", "pw")
        cls.editor.groups.add(Group.objects.get(name=NEWS_EDITORS))
        cls.news_index = NewsIndexPage.objects.get()

    def dashboard(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("wagtailadmin_home"))

    def test_comms_staff_get_all_three_shortcuts(self):
        response = self.dashboard(self.comms)
        post_news = reverse(
            "wagtailadmin_pages:add", args=["news", "newspage", self.news_index.pk]
        )
        self.assertContains(response, f'href="{post_news}"')
        self.assertContains(response, "Post news")
        # With one statement, a new signatory starts as a signature of it.
        statement = StatementPage.objects.get()
        add_signatory = reverse(Signatory.snippet_viewset.get_url_name("add"))
        self.assertContains(response, f"{add_signatory}?statement={statement.pk}")
        self.assertContains(
            response, reverse(KeyDate.snippet_viewset.get_url_name("add"))
        )

    def test_news_editors_get_only_post_news(self):
        response = self.dashboard(self.editor)
        self.assertContains(response, "Post news")
        self.assertNotContains(response, "Add signatory")
        self.assertNotContains(response, "Add key date")
        # The shortcut leads to a form they may use.
        post_news = reverse(
            "wagtailadmin_pages:add", args=["news", "newspage", self.news_index.pk]
        )
        self.assertEqual(self.client.get(post_news).status_code, 200)

    def test_my_drafts_lists_what_i_saved_and_not_what_others_did(self):
        mine = NewsPageFactory(parent=self.news_index, title="My unfinished IGF note")
        mine.save_revision(user=self.editor)
        theirs = NewsPageFactory(parent=self.news_index, title="Someone else's draft")
        theirs.save_revision(user=self.comms)
        response = self.dashboard(self.editor)
        self.assertContains(response, "Your drafts")
        self.assertContains(response, "My unfinished IGF note")
        self.assertNotContains(response, "Someone else&#x27;s draft")

    def test_upcoming_key_dates_cover_the_next_60_days(self):
        process = UNProcess.objects.get(slug="igf")
        today = timezone.localdate()
        KeyDate.objects.create(
            title="Soon meeting", process=process, start=today + datetime.timedelta(10)
        )
        KeyDate.objects.create(
            title="Far meeting", process=process, start=today + datetime.timedelta(90)
        )
        response = self.dashboard(self.comms)
        self.assertContains(response, "Upcoming key dates")
        self.assertContains(response, "Soon meeting")
        self.assertNotContains(response, "Far meeting")

    def test_recently_signed_shows_the_newest_signature_first(self):
        statement = StatementPage.objects.get()
        newcomer = Signatory.objects.create(name="Newcomer Registry", country="PT")
        Signature.objects.create(
            signatory=newcomer, statement=statement, signed_on=timezone.localdate()
        )
        response = self.dashboard(self.comms)
        self.assertContains(response, "Recently signed")
        panel = response.content.decode().split("Recently signed", 1)[1]
        self.assertIn("Newcomer Registry", panel.split("</tr>", 2)[1])

    def test_news_editors_see_only_what_is_public_in_the_library_panels(self):
        # News editors may not open the signatory library or key dates: the
        # dashboard must not tell them about organisations or dates that are
        # not published yet. Comms staff see both, with their status.
        today = timezone.localdate()
        statement = StatementPage.objects.get()
        for name, live in (("Quiet Draft Registry", False), ("Open Registry", True)):
            signatory = Signatory.objects.create(name=name, country="PT", live=live)
            Signature.objects.create(
                signatory=signatory, statement=statement, signed_on=today
            )
        igf = UNProcess.objects.get(slug="igf")
        draft_process = UNProcess.objects.create(
            name="Unannounced process", acronym="UAP", slug="uap", live=False
        )
        soon = today + datetime.timedelta(5)
        KeyDate.objects.create(title="Unconfirmed session", process=igf, start=soon)
        KeyDate.objects.filter(title="Unconfirmed session").update(live=False)
        KeyDate.objects.create(
            title="Secret kickoff", process=draft_process, start=soon
        )
        KeyDate.objects.create(title="Public session", process=igf, start=soon)

        editor_view = self.dashboard(self.editor)
        self.assertContains(editor_view, "Open Registry")
        self.assertContains(editor_view, "Public session")
        for private in (
            "Quiet Draft Registry",
            "Unconfirmed session",
            "Secret kickoff",
        ):
            self.assertNotContains(editor_view, private)

        comms_view = self.dashboard(self.comms)
        for name in (
            "Quiet Draft Registry",
            "Open Registry",
            "Unconfirmed session",
            "Secret kickoff",
            "Public session",
        ):
            self.assertContains(comms_view, name)

    def test_help_menu_and_account_box_link_to_our_editor_guide(self):
        response = self.dashboard(self.editor)
        guide = reverse("editor_guide")
        self.assertContains(response, f'"url": "{guide}"')  # Help menu
        self.assertContains(response, f'href="{guide}"')  # account box
        self.assertNotContains(response, "guide.wagtail.org")
        guide = self.client.get(reverse("editor_guide"))
        self.assertContains(guide, "Who may do what")
        self.assertContains(guide, "<table>")

    def test_editor_guide_needs_an_admin_login(self):
        response = self.client.get(reverse("editor_guide"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("wagtailadmin_login"), response["Location"])

    def test_guide_images_are_served_only_by_name(self):
        self.client.force_login(self.editor)
        for name in ("../../README.md", "nope.png", "..%2Fsettings.py"):
            url = reverse("editor_guide") + name
            response = self.client.get(url)
            self.assertIn(response.status_code, (301, 404), name)


class UpcomingKeyDateStatusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_coalition_content", stdout=StringIO())
        cls.comms = get_user_model().objects.create_user("c2", "c2@example.org", "pw")
        cls.comms.groups.add(Group.objects.get(name=COMMS_STAFF))

    def test_comms_staff_can_tell_a_draft_key_date_from_a_live_one(self):
        process = UNProcess.objects.get(slug="igf")
        soon = timezone.localdate() + datetime.timedelta(5)
        KeyDate.objects.create(
            title="Unannounced meeting", process=process, start=soon, live=False
        )
        self.client.force_login(self.comms)
        response = self.client.get(reverse("wagtailadmin_home"))
        panel = response.content.decode().split("Upcoming key dates", 1)[1]
        row = next(r for r in panel.split("<tr>") if "Unannounced meeting" in r)
        self.assertIn("draft", row)
        self.assertNotIn(">live<", row.replace(" ", ""))
