"""Public pages send strict security headers; the admin has a policy of its own."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from tests.factories import StatementPageFactory, make_site_root
from tests.statements.test_statement_page import statement_form_data


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


class SecurityHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()

    def test_public_pages_have_a_strict_content_security_policy(self):
        response = self.client.get("/")
        policy = response["Content-Security-Policy"]
        self.assertIn("default-src 'none'", policy)
        self.assertIn("script-src 'self'", policy)
        self.assertIn("frame-ancestors 'none'", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("camera=()", response["Permissions-Policy"])

    def test_error_pages_carry_the_policy_too(self):
        response = self.client.get("/missing/")
        self.assertEqual(response.status_code, 404)
        self.assertIn("default-src 'none'", response["Content-Security-Policy"])

    def test_admin_has_its_own_policy(self):
        admin = get_user_model().objects.create_superuser("ed", "e@x.org", "pw")
        for url, login in (("/admin/login/", False), ("/admin/", True)):
            if login:
                self.client.force_login(admin)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            policy = directives(response["Content-Security-Policy"])
            self.assertEqual(policy["default-src"], "'self'")
            # Wagtail 8's admin writes inline <script> blocks: 'unsafe-inline' is
            # the price. Code and data still cannot come from or go to other hosts.
            self.assertEqual(policy["script-src"], "'self' 'unsafe-inline'")
            self.assertEqual(policy["style-src"], "'self' 'unsafe-inline'")
            self.assertEqual(policy["img-src"], "'self' data: blob:")
            self.assertEqual(policy["connect-src"], "'self'")
            self.assertEqual(policy["object-src"], "'none'")
            self.assertEqual(policy["base-uri"], "'none'")
            self.assertEqual(policy["form-action"], "'self'")
            self.assertEqual(policy["frame-ancestors"], "'self'")
            self.assertTrue(policy["frame-src"].startswith("'self' "))

    def test_preview_panel_shows_the_page_under_the_public_policy(self):
        # Previews render through a stand-in request for the public URL; the
        # public frame-ancestors 'none' used to blank the admin's preview panel.
        statement = StatementPageFactory(parent=self.home)
        self.client.force_login(
            get_user_model().objects.create_superuser("ed", "e@x.org", "pw")
        )
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[statement.pk])
        response = self.client.post(url, statement_form_data(slug="statement"))
        self.assertTrue(response.json()["is_valid"])
        response = self.client.get(url, {"in_preview_panel": "true"})
        self.assertContains(response, "Joint statement")
        policy = directives(response["Content-Security-Policy"])
        self.assertEqual(policy["frame-ancestors"], "'self'")
        self.assertEqual(policy["default-src"], "'none'")
        self.assertEqual(policy["script-src"], "'self'")

    def test_no_inline_scripts_or_styles_on_public_pages(self):
        content = self.client.get("/").content.decode()
        self.assertNotIn("<script>", content)
        self.assertNotIn("<style", content)
        self.assertNotIn(' style="', content)
