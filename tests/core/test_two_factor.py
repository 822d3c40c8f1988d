"""Optional two-factor sign-in for the admin (core.two_factor, django-otp TOTP):
setting it up, the code asked for on every admin page after the password,
ADMIN_REQUIRE_2FA, and removing it for someone who lost their phone."""

import re
from http import HTTPStatus
from io import StringIO

from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.core.test_login_protection import PASSWORD, staff_user


def code(device: TOTPDevice, offset: int = 0) -> str:
    """The code the person's app shows now (offset: steps later)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"  # noqa: E501


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app")


def sign_in(client, username: str) -> None:
    """Sign in through the admin's login page, as a person does."""
    response = client.post(
        "/admin/login/", {"username": username, "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND, response.status_code


class WithoutTwoFactorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = staff_user("editor")

    def test_not_forced_on_anyone_by_default(self):
        sign_in(self.client, "editor")
        self.assertEqual(self.client.get("/admin/").status_code, HTTPStatus.OK)
        self.assertEqual(self.client.get("/admin/account/").status_code, HTTPStatus.OK)

    def test_the_account_page_links_to_it(self):
        self.client.force_login(self.editor)
        response = self.client.get("/admin/account/")
        self.assertContains(response, 'href="/admin/two-factor/"')
        self.assertContains(response, "Two-factor sign-in")

    @override_settings(ADMIN_REQUIRE_2FA=True)
    def test_when_required_staff_without_it_must_set_it_up_first(self):
        sign_in(self.client, "editor")
        response = self.client.get("/admin/account/")
        self.assertRedirects(
            response,
            "/admin/two-factor/?next=%2Fadmin%2Faccount%2F",
            fetch_redirect_response=False,
        )
        response = self.client.get(response["Location"])
        self.assertContains(response, "This site asks all staff to use two-factor")
        self.assertNotContains(response, "Turn off two-factor sign-in")

    @override_settings(ADMIN_REQUIRE_2FA=True)
    def test_members_without_admin_access_are_left_to_wagtail(self):
        User.objects.create_user("member", password=PASSWORD)
        self.client.login(username="member", password=PASSWORD)
        response = self.client.get("/admin/account/")
        # Wagtail's own refusal (to the login page), not a set-up page.
        self.assertRedirects(
            response,
            "/admin/login/?next=/admin/account/",
            fetch_redirect_response=False,
        )


class EnrolTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = staff_user("editor")

    def setUp(self):
        sign_in(self.client, "editor")

    def test_the_set_up_page_shows_an_inline_qr_code_and_the_key(self):
        response = self.client.get("/admin/two-factor/")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        device = TOTPDevice.objects.get(user=self.editor)
        self.assertFalse(device.confirmed)
        content = response.content.decode()
        # Drawn on the server, inline: no image fetched from anywhere.
        self.assertRegex(content, r'<svg[^>]*aria-label="QR code[^"]*"')
        self.assertNotIn("<img", content.split('id="main"')[1])
        key = re.search(r"<code>([A-Z2-7 ]+)</code>", content).group(1)
        self.assertEqual(
            key.replace(" ", ""), device.config_url.split("secret=")[1][:32]
        )
        self.assertContains(response, "Code from your authenticator app")
        self.assertContains(response, "changes every 30 seconds")
        # Reloading shows the same secret, not a new one each time.
        self.client.get("/admin/two-factor/")
        self.assertEqual(TOTPDevice.objects.filter(user=self.editor).count(), 1)

    def test_a_wrong_code_changes_nothing_and_says_so(self):
        self.client.get("/admin/two-factor/")
        response = self.client.post("/admin/two-factor/", {"token": "000000"})
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, "That code is not right")
        self.assertFalse(TOTPDevice.objects.get(user=self.editor).confirmed)

    def test_the_right_code_turns_it_on_for_this_and_every_later_sign_in(self):
        self.client.get("/admin/two-factor/")
        device = TOTPDevice.objects.get(user=self.editor)
        response = self.client.post(
            "/admin/two-factor/", {"token": code(device), "next": "/admin/account/"}
        )
        self.assertRedirects(response, "/admin/account/")
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        # This session gave the code already.
        self.assertEqual(self.client.get("/admin/").status_code, HTTPStatus.OK)

        # A new sign-in is asked for the code before any admin page.
        self.client.logout()
        sign_in(self.client, "editor")
        response = self.client.get("/admin/account/")
        self.assertRedirects(
            response,
            "/admin/two-factor/verify/?next=%2Fadmin%2Faccount%2F",
            fetch_redirect_response=False,
        )

    def test_a_new_phone_replaces_the_old_one(self):
        old = confirmed_device(self.editor)
        session = self.client.session
        session["otp_device_id"] = old.persistent_id
        session.save()
        response = self.client.get("/admin/two-factor/")
        self.assertContains(response, "Two-factor sign-in is on for your account.")
        new = TOTPDevice.objects.get(user=self.editor, confirmed=False)
        self.client.post("/admin/two-factor/", {"token": code(new)})
        self.assertEqual(list(TOTPDevice.objects.filter(user=self.editor)), [new])
        self.assertEqual(self.client.get("/admin/").status_code, HTTPStatus.OK)

    def test_turning_it_off(self):
        device = confirmed_device(self.editor)
        session = self.client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        response = self.client.post(
            "/admin/two-factor/", {"action": "turn-off"}, follow=True
        )
        self.assertContains(response, "Two-factor sign-in is off")
        self.assertFalse(TOTPDevice.objects.filter(user=self.editor).exists())

    @override_settings(ADMIN_REQUIRE_2FA=True)
    def test_it_cannot_be_turned_off_when_required(self):
        device = confirmed_device(self.editor)
        session = self.client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        response = self.client.post(
            "/admin/two-factor/", {"action": "turn-off"}, follow=True
        )
        self.assertContains(response, "required on this site")
        self.assertTrue(TOTPDevice.objects.filter(pk=device.pk).exists())


class VerifyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = staff_user("editor")
        cls.device = confirmed_device(cls.editor)

    def setUp(self):
        sign_in(self.client, "editor")

    def test_every_admin_page_asks_for_the_code_first(self):
        for path in ["/admin/", "/admin/pages/", "/admin/account/", "/admin/images/"]:
            with self.subTest(path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, HTTPStatus.FOUND)
                self.assertTrue(
                    response["Location"].startswith("/admin/two-factor/verify/")
                )

    def test_the_code_page_then_the_page_asked_for(self):
        response = self.client.get("/admin/two-factor/verify/?next=/admin/account/")
        self.assertContains(response, "Enter your code")
        self.assertContains(response, 'name="otp_device"')
        response = self.client.post(
            "/admin/two-factor/verify/",
            {
                "otp_device": self.device.persistent_id,
                "otp_token": code(self.device),
                "next": "/admin/account/",
            },
        )
        self.assertRedirects(response, "/admin/account/")
        self.assertEqual(self.client.get("/admin/").status_code, HTTPStatus.OK)

    def test_a_wrong_code_is_refused_with_a_clear_message(self):
        response = self.client.post(
            "/admin/two-factor/verify/",
            {"otp_device": self.device.persistent_id, "otp_token": "000000"},
        )
        self.assertContains(response, "That code is not right")
        self.assertEqual(self.client.get("/admin/").status_code, HTTPStatus.FOUND)

    def test_an_offsite_next_address_is_not_followed(self):
        response = self.client.post(
            "/admin/two-factor/verify/",
            {
                "otp_device": self.device.persistent_id,
                "otp_token": code(self.device),
                "next": "https://evil.example/",
            },
        )
        self.assertRedirects(response, "/admin/")

    def test_the_set_up_page_is_no_way_round_the_code(self):
        response = self.client.get("/admin/two-factor/")
        self.assertTrue(response["Location"].startswith("/admin/two-factor/verify/"))
        response = self.client.post("/admin/two-factor/", {"action": "turn-off"})
        self.assertTrue(response["Location"].startswith("/admin/two-factor/verify/"))
        self.assertTrue(TOTPDevice.objects.filter(pk=self.device.pk).exists())

    def test_signing_out_needs_no_code(self):
        response = self.client.post("/admin/logout/")
        self.assertRedirects(response, "/admin/login/", fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)


class RemovalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.comms = staff_user("comms", "otp_totp.delete_totpdevice")
        cls.editor = staff_user("editor")
        cls.root = User.objects.create_superuser("root", password=PASSWORD)
        cls.device = confirmed_device(cls.editor)
        cls.root_device = confirmed_device(cls.root)

    def test_comms_staff_remove_a_lost_phone_in_the_admin(self):
        self.client.force_login(self.comms)
        response = self.client.get("/admin/login-security/")
        self.assertContains(response, "editor")
        response = self.client.post(
            "/admin/login-security/",
            {"action": "remove-two-factor", "user": self.editor.pk},
            follow=True,
        )
        self.assertContains(response, "Two-factor sign-in removed for editor")
        self.assertFalse(TOTPDevice.objects.filter(user=self.editor).exists())
        # The editor signs in with the password alone again.
        self.client.logout()
        sign_in(self.client, "editor")
        self.assertEqual(self.client.get("/admin/").status_code, HTTPStatus.OK)

    def test_only_a_superuser_removes_a_superusers(self):
        self.client.force_login(self.comms)
        response = self.client.post(
            "/admin/login-security/",
            {"action": "remove-two-factor", "user": self.root.pk},
            follow=True,
        )
        self.assertContains(response, "Only an administrator")
        self.assertTrue(TOTPDevice.objects.filter(user=self.root).exists())

    def test_without_the_permission_nothing_is_removed(self):
        other = staff_user("other", "axes.delete_accessattempt")
        self.client.force_login(other)
        response = self.client.get("/admin/login-security/")
        self.assertNotContains(response, "Remove two-factor")
        response = self.client.post(
            "/admin/login-security/",
            {"action": "remove-two-factor", "user": self.editor.pk},
        )
        self.assertRedirects(response, "/admin/")
        self.assertTrue(TOTPDevice.objects.filter(user=self.editor).exists())

    def test_unknown_people_change_nothing(self):
        self.client.force_login(self.comms)
        for user in ["999999", "abc", ""]:
            with self.subTest(user=user):
                response = self.client.post(
                    "/admin/login-security/",
                    {"action": "remove-two-factor", "user": user},
                    follow=True,
                )
                self.assertContains(response, "nothing changed")
        self.assertEqual(TOTPDevice.objects.count(), 2)

    def test_the_management_command(self):
        out = StringIO()
        call_command("remove_two_factor", "root", stdout=out)
        self.assertIn("Two-factor sign-in removed for root", out.getvalue())
        self.assertFalse(TOTPDevice.objects.filter(user=self.root).exists())
        out = StringIO()
        call_command("remove_two_factor", "root", stdout=out)
        self.assertIn("nothing changed", out.getvalue())
        with self.assertRaisesMessage(CommandError, "No account has the username"):
            call_command("remove_two_factor", "nobody")
