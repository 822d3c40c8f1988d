"""Public pages send strict security headers; the admin keeps working."""

from django.test import TestCase

from tests.factories import make_site_root


class SecurityHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site_root()

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

    def test_admin_is_excluded_from_the_public_policy(self):
        response = self.client.get("/admin/login/")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Content-Security-Policy", response)

    def test_no_inline_scripts_or_styles_on_public_pages(self):
        content = self.client.get("/").content.decode()
        self.assertNotIn("<script>", content)
        self.assertNotIn("<style", content)
        self.assertNotIn(' style="', content)
