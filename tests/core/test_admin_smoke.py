"""Every admin screen staff use renders, and every field they see is explained."""

from http import HTTPStatus
from io import StringIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Page, Site

from news.models import KeyDate, UNProcess
from statements.models import Signatory, StakeholderGroup

OUR_APPS = {"core", "home", "statements", "news"}
SNIPPETS = (Signatory, StakeholderGroup, UNProcess, KeyDate)
WAGTAIL_FORM_FIELDS = {"site", "comment_notifications"}  # Wagtail's, not ours


class AdminSmokeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_coalition_content", stdout=StringIO())
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def assert_ok(self, url: str) -> None:
        response = self.client.get(url)
        self.assertEqual(response.status_code, HTTPStatus.OK, url)

    def test_every_page_edit_and_add_form_renders(self):
        for page in Page.objects.filter(depth__gt=1).specific():
            with self.subTest(page=page.title):
                self.assert_ok(reverse("wagtailadmin_pages:edit", args=[page.pk]))
                for model in page.specific_class.allowed_subpage_models():
                    if model.can_create_at(page):
                        self.assert_ok(
                            reverse(
                                "wagtailadmin_pages:add",
                                args=[
                                    model._meta.app_label,
                                    model._meta.model_name,
                                    page.pk,
                                ],
                            )
                        )

    def test_every_snippet_list_add_and_edit_view_renders(self):
        for model in (Signatory, StakeholderGroup, UNProcess, KeyDate):
            prefix = f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}"
            with self.subTest(model=model.__name__):
                self.assert_ok(reverse(f"{prefix}:list"))
                self.assert_ok(reverse(f"{prefix}:add"))
                self.assert_ok(
                    reverse(f"{prefix}:edit", args=[model.objects.first().pk])
                )
        self.assert_ok(reverse("wagtailsnippets_statements_signatory:import"))

    def test_scheduling_fields_explain_what_they_do(self):
        page = Page.objects.get(slug="wsis20-outcome-adopted-igf-permanent")
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertContains(response, "The page stays hidden until this moment")
        self.assertContains(response, "disappears from the site")

    def test_site_settings_form_renders(self):
        site = Site.objects.get(is_default_site=True)
        self.assert_ok(
            reverse("wagtailsettings:edit", args=["core", "sitesettings", site.pk])
        )

    def test_every_editor_facing_field_has_help_text(self):
        from wagtail.admin.panels import get_edit_handler

        from core.models import SiteSettings

        def own_fields(model, form_class):
            """Form fields this project declares: Wagtail's own come with help."""
            model_fields = {f.name: f for f in model._meta.get_fields()}
            for name, field in form_class.base_fields.items():
                # A form-only field (e.g. change_note) is ours too.
                if name in model_fields and model_fields[name].model is not model:
                    continue
                yield name, field

        editable = [
            model
            for model in apps.get_models()
            if model._meta.app_label in OUR_APPS
            and (issubclass(model, Page) or model in SNIPPETS)
        ]
        missing = []
        for model in [*editable, SiteSettings]:
            form_class = get_edit_handler(model).get_form_class()
            for name, field in own_fields(model, form_class):
                if name in WAGTAIL_FORM_FIELDS:
                    continue
                if not str(field.help_text or "").strip():
                    missing.append(f"{model._meta.label}.{name}")
            for relation, formset in form_class.formsets.items():
                child = formset.form._meta.model
                for name, field in own_fields(child, formset.form):
                    if not str(field.help_text or "").strip():
                        missing.append(f"{model._meta.label}.{relation}.{name}")
        self.assertEqual(missing, [])
        self.assertGreater(len(editable), 8)


class AdminPrivacyTests(TestCase):
    """Staff privacy: admin screens load nothing from other hosts."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_coalition_content", stdout=StringIO())
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")

    def test_admin_screens_load_assets_only_from_the_site(self):
        import re

        from statements.models import StatementPage

        self.client.force_login(self.admin)
        statement = StatementPage.objects.get()
        for url in [
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_pages:edit", args=[statement.pk]),
            reverse("wagtailsnippets_statements_signatory:list"),
            reverse("wagtailadmin_account"),
        ]:
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                assets = re.findall(
                    r'<(?:script|img|link|iframe)[^>]+(?:src|href)="([^"]+)"', html
                )
                external = [
                    a
                    for a in assets
                    if re.match(r"(https?:)?//", a) and "//testserver" not in a
                ]
                self.assertEqual(external, [])
                self.assertNotIn("gravatar", html)
