"""Login protection (core.login_protection, django-axes): failed admin logins,
member logins and page passwords are throttled per account (or page password)
and per address; a locked-out person sees why and for how long; people with
the unlock permission can undo a lockout from Settings › Login security."""

from datetime import timedelta
from http import HTTPStatus

from django.contrib.auth.models import Group, Permission, User
from django.test import TestCase, override_settings
from django.utils import timezone

from wagtail.models import PageViewRestriction

from axes.models import AccessAttempt

from statements.models import StatementIndexPage
from tests.factories import StatementPageFactory, make_site_root

LIMIT = 5
PASSWORD = "correct-horse-battery"


def staff_user(username: str, *permissions: str, **fields) -> User:
    """A user with admin access and the given "app.codename" permissions."""
    user = User.objects.create_user(username, password=PASSWORD, **fields)
    group = Group.objects.create(name=f"{username} group")
    for name in ("wagtailadmin.access_admin", *permissions):
        app_label, codename = name.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user.groups.add(group)
    return user


class AdminLoginLockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = staff_user("editor")
        cls.other = staff_user("other")

    def sign_in(self, username, password, ip="192.0.2.1"):
        return self.client.post(
            "/admin/login/",
            {"username": username, "password": password},
            REMOTE_ADDR=ip,
        )

    def fail(self, times, username="editor", ip="192.0.2.1"):
        return [self.sign_in(username, "wrong", ip) for _ in range(times)]

    def test_four_failures_still_show_the_form_and_the_right_password_works(self):
        for response in self.fail(LIMIT - 1):
            self.assertEqual(response.status_code, HTTPStatus.OK)
            self.assertContains(response, 'name="password"')
        response = self.sign_in("editor", PASSWORD)
        self.assertEqual(response.status_code, HTTPStatus.FOUND)

    def test_the_fifth_failure_locks_with_a_clear_styled_page(self):
        *_, fifth = self.fail(LIMIT)
        self.assertEqual(fifth.status_code, HTTPStatus.TOO_MANY_REQUESTS)
        self.assertContains(
            fifth, "Signing in is paused", status_code=HTTPStatus.TOO_MANY_REQUESTS
        )
        self.assertContains(
            fifth, "Wait 15 minutes", status_code=HTTPStatus.TOO_MANY_REQUESTS
        )
        self.assertContains(
            fifth,
            "Settings › Login security",
            status_code=HTTPStatus.TOO_MANY_REQUESTS,
        )
        # The admin's look (its stylesheet), not a bare line of text.
        self.assertContains(fifth, "wagtailadmin/css/core.css", status_code=429)
        # Still under the admin's own Content-Security-Policy.
        self.assertIn("frame-ancestors 'self'", fifth["Content-Security-Policy"])

    def test_a_locked_account_refuses_even_the_right_password(self):
        self.fail(LIMIT)
        response = self.sign_in("editor", PASSWORD)
        self.assertEqual(response.status_code, HTTPStatus.TOO_MANY_REQUESTS)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.client.get("/admin/").status_code, HTTPStatus.FOUND)

    def test_an_account_is_locked_whatever_address_the_guesses_come_from(self):
        for number in range(LIMIT):
            self.sign_in("editor", "wrong", ip=f"198.51.100.{number + 1}")
        response = self.sign_in("editor", PASSWORD, ip="203.0.113.50")
        self.assertEqual(response.status_code, HTTPStatus.TOO_MANY_REQUESTS)
        # Other accounts are unaffected from a fresh address.
        response = self.sign_in("other", PASSWORD, ip="203.0.113.51")
        self.assertEqual(response.status_code, HTTPStatus.FOUND)

    def test_an_address_is_locked_whatever_accounts_it_tries(self):
        for number in range(LIMIT):
            self.sign_in(f"guess{number}", "wrong", ip="198.51.100.9")
        locked = self.sign_in("other", PASSWORD, ip="198.51.100.9")
        self.assertEqual(locked.status_code, HTTPStatus.TOO_MANY_REQUESTS)
        elsewhere = self.sign_in("other", PASSWORD, ip="198.51.100.10")
        self.assertEqual(elsewhere.status_code, HTTPStatus.FOUND)

    def test_the_lock_ends_by_itself_after_the_cool_off(self):
        self.fail(LIMIT)
        AccessAttempt.objects.update(
            attempt_time=timezone.now() - timedelta(minutes=16)
        )
        self.assertEqual(self.sign_in("editor", PASSWORD).status_code, 302)

    def test_trying_during_a_lockout_does_not_restart_the_clock(self):
        self.fail(LIMIT)
        before = AccessAttempt.objects.get()
        self.fail(2)
        self.sign_in("editor", PASSWORD)
        after = AccessAttempt.objects.get()
        self.assertEqual(after.attempt_time, before.attempt_time)
        self.assertEqual(after.failures_since_start, LIMIT)

    def test_the_attempt_record_keeps_no_password(self):
        self.fail(1)
        self.assertNotIn("wrong", AccessAttempt.objects.get().post_data)


class MemberLoginLockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_site_root()
        User.objects.create_user("member", password=PASSWORD)

    def test_members_login_locks_after_five_failures_with_the_sites_look(self):
        for _ in range(LIMIT - 1):
            response = self.client.post(
                "/accounts/login/", {"username": "member", "password": "wrong"}
            )
            self.assertEqual(response.status_code, HTTPStatus.OK)
        response = self.client.post(
            "/accounts/login/", {"username": "member", "password": "wrong"}
        )
        self.assertEqual(response.status_code, HTTPStatus.TOO_MANY_REQUESTS)
        self.assertContains(response, "Logging in is paused", status_code=429)
        self.assertContains(response, "Wait 15 minutes", status_code=429)
        self.assertTemplateUsed(response, "base.html")
        response = self.client.post(
            "/accounts/login/", {"username": "member", "password": PASSWORD}
        )
        self.assertEqual(response.status_code, HTTPStatus.TOO_MANY_REQUESTS)
        self.assertNotIn("_auth_user_id", self.client.session)


class PagePasswordThrottleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        index = home.add_child(
            instance=StatementIndexPage(title="Statements", slug="statements")
        )
        cls.members = StatementPageFactory(
            parent=index, slug="members", title="Members briefing"
        )
        cls.child = StatementPageFactory(
            parent=cls.members, slug="annex", title="Annex"
        )
        cls.other = StatementPageFactory(parent=index, slug="other", title="Other")
        cls.restriction = PageViewRestriction.objects.create(
            page=cls.members,
            restriction_type=PageViewRestriction.PASSWORD,
            password="s3cret-pass",
        )
        cls.other_restriction = PageViewRestriction.objects.create(
            page=cls.other,
            restriction_type=PageViewRestriction.PASSWORD,
            password="other-pass",
        )

    def try_password(self, password, page=None, restriction=None, ip="192.0.2.7"):
        page = page or self.members
        restriction = restriction or self.restriction
        return self.client.post(
            f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
            {"password": password, "return_url": page.url},
            REMOTE_ADDR=ip,
        )

    def test_wrong_passwords_show_the_form_until_the_fifth(self):
        for _ in range(LIMIT - 1):
            response = self.try_password("nope")
            self.assertEqual(response.status_code, HTTPStatus.OK)
            self.assertContains(response, 'name="password"')
        response = self.try_password("nope")
        self.assertEqual(response.status_code, HTTPStatus.TOO_MANY_REQUESTS)
        self.assertContains(response, "Too many wrong passwords", status_code=429)
        self.assertContains(response, "Wait 15 minutes", status_code=429)
        self.assertNotContains(response, 'name="password"', status_code=429)
        # The styled password page, which still names nothing of the page.
        self.assertTemplateUsed(response, "password_required.html")
        self.assertNotContains(response, "Members briefing", status_code=429)

    def test_a_locked_page_password_is_not_checked_at_all(self):
        for _ in range(LIMIT):
            self.try_password("nope")
        response = self.try_password("s3cret-pass")
        self.assertEqual(response.status_code, HTTPStatus.TOO_MANY_REQUESTS)
        page = self.client.get("/statements/members/")
        self.assertContains(page, 'name="password"')
        self.assertNotContains(page, "Members briefing")

    def test_the_right_password_still_works_below_the_limit(self):
        for _ in range(LIMIT - 1):
            self.try_password("nope")
        response = self.try_password("s3cret-pass")
        self.assertRedirects(
            response, "/statements/members/", fetch_redirect_response=False
        )
        self.assertContains(self.client.get("/statements/members/"), "Members briefing")

    def test_counted_per_password_across_pages_below_it_and_addresses(self):
        # One password guards the page and its children: guesses on either,
        # from any address, add up.
        for number in range(LIMIT):
            page = self.child if number % 2 else self.members
            self.try_password("nope", page=page, ip=f"198.51.100.{number + 1}")
        response = self.try_password("s3cret-pass", ip="203.0.113.99")
        self.assertEqual(response.status_code, HTTPStatus.TOO_MANY_REQUESTS)
        # Another page's password, from a fresh address, is unaffected.
        response = self.try_password(
            "other-pass",
            page=self.other,
            restriction=self.other_restriction,
            ip="203.0.113.98",
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)

    def test_counted_per_address_across_pages(self):
        for _ in range(LIMIT):
            self.try_password(
                "nope", page=self.other, restriction=self.other_restriction
            )
        response = self.try_password("s3cret-pass")
        self.assertEqual(response.status_code, HTTPStatus.TOO_MANY_REQUESTS)

    def test_the_form_itself_is_unchanged(self):
        response = self.client.get("/statements/members/")
        self.assertContains(
            response,
            f'action="/_util/authenticate_with_password/{self.restriction.pk}/'
            f'{self.members.pk}/"',
        )


class ProxyAddressTests(TestCase):
    """Behind the production proxy, the address counted is the one the proxy
    appended to X-Forwarded-For, never one the visitor wrote there."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = staff_user("editor")

    def sign_in(self, username, password, forwarded):
        return self.client.post(
            "/admin/login/",
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_spoofed_entries_do_not_escape_the_address_lock(self):
        for number in range(LIMIT):
            self.sign_in(f"guess{number}", "wrong", f"6.6.6.{number}, 203.0.113.9")
        locked = self.sign_in("editor", PASSWORD, "203.0.113.9")
        self.assertEqual(locked.status_code, HTTPStatus.TOO_MANY_REQUESTS)
        # The proxy's own address is not what was locked: others still get in.
        other = self.sign_in("editor", PASSWORD, "198.51.100.20")
        self.assertEqual(other.status_code, HTTPStatus.FOUND)
        self.assertEqual(
            set(AccessAttempt.objects.values_list("ip_address", flat=True)),
            {"203.0.113.9"},
        )

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_a_malformed_header_counts_against_the_connection(self):
        self.sign_in("guess", "wrong", "not-an-address")
        self.assertEqual(AccessAttempt.objects.get().ip_address, "10.0.0.2")

    def test_without_a_trusted_proxy_the_header_is_ignored(self):
        for number in range(LIMIT):
            self.sign_in(f"guess{number}", "wrong", f"203.0.113.{number}")
        locked = self.sign_in("editor", PASSWORD, "198.51.100.30")
        self.assertEqual(locked.status_code, HTTPStatus.TOO_MANY_REQUESTS)


class LoginSecurityAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.page = StatementPageFactory(parent=home, slug="private", title="Members")
        cls.restriction = PageViewRestriction.objects.create(
            page=cls.page,
            restriction_type=PageViewRestriction.PASSWORD,
            password="s3cret-pass",
        )
        cls.comms = staff_user("comms", "axes.delete_accessattempt")
        cls.editor = staff_user("editor")
        cls.locked = staff_user("locked")

    def lock_out(self, username="locked", ip="192.0.2.44"):
        for _ in range(LIMIT):
            self.client.post(
                "/admin/login/",
                {"username": username, "password": "wrong"},
                REMOTE_ADDR=ip,
            )
        self.client.logout()

    def test_without_the_permission_no_menu_item_no_page_no_unlock(self):
        self.lock_out()
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get("/admin/"), "Login security")
        response = self.client.get("/admin/login-security/")
        self.assertRedirects(response, "/admin/")
        response = self.client.post(
            "/admin/login-security/",
            {"action": "unlock", "kind": "account", "key": "locked"},
        )
        self.assertRedirects(response, "/admin/")
        self.assertTrue(AccessAttempt.objects.filter(username="locked").exists())

    def test_comms_staff_see_lockouts_and_can_unlock_an_account(self):
        self.lock_out()
        self.client.force_login(self.comms)
        self.assertContains(self.client.get("/admin/"), "/admin/login-security/")
        response = self.client.get("/admin/login-security/")
        self.assertContains(response, "Account “locked”")
        self.assertContains(response, "Address 192.0.2.44")
        self.assertContains(response, "<td>5</td>", html=True, count=2)
        self.assertContains(response, 'value="unlock"', count=2)

        response = self.client.post(
            "/admin/login-security/",
            {"action": "unlock", "kind": "account", "key": "locked"},
            follow=True,
        )
        self.assertContains(response, "Unlocked: locked can try again now.")
        self.assertContains(response, "Nobody is locked out.")
        self.client.logout()
        response = self.client.post(
            "/admin/login/",
            {"username": "locked", "password": PASSWORD},
            REMOTE_ADDR="192.0.2.44",
        )
        self.assertRedirects(response, "/admin/")

    def test_an_address_can_be_unlocked(self):
        for _ in range(LIMIT):
            self.client.post(
                "/admin/login/",
                {"username": "ghost", "password": "wrong"},
                REMOTE_ADDR="192.0.2.45",
            )
        self.client.force_login(self.comms)
        response = self.client.get("/admin/login-security/")
        self.assertContains(response, "Address 192.0.2.45")
        self.assertContains(response, "Account name “ghost” (no such account)")
        self.client.post(
            "/admin/login-security/",
            {"action": "unlock", "kind": "address", "key": "192.0.2.45"},
        )
        self.client.logout()
        response = self.client.post(
            "/admin/login/",
            {"username": "locked", "password": PASSWORD},
            REMOTE_ADDR="192.0.2.45",
        )
        self.assertRedirects(response, "/admin/")

    def test_a_page_password_lockout_names_the_page_for_staff(self):
        for _ in range(LIMIT):
            self.client.post(
                f"/_util/authenticate_with_password/{self.restriction.pk}/"
                f"{self.page.pk}/",
                {"password": "nope", "return_url": "/private/"},
            )
        self.client.force_login(self.comms)
        response = self.client.get("/admin/login-security/")
        self.assertContains(response, "Password of the page “Members”")

    def test_bad_unlock_requests_change_nothing_and_say_so(self):
        self.lock_out()
        self.client.force_login(self.comms)
        for data in [
            {"action": "unlock", "kind": "account", "key": "nobody"},
            {"action": "unlock", "kind": "address", "key": "not-an-address"},
            {"action": "unlock", "kind": "everything", "key": "locked"},
            {"action": "unlock"},
        ]:
            with self.subTest(**data):
                response = self.client.post("/admin/login-security/", data, follow=True)
                self.assertContains(response, "nothing to unlock")
                self.assertEqual(AccessAttempt.objects.count(), 1)

    def test_superusers_have_the_page_without_a_group(self):
        admin = User.objects.create_superuser("root", password=PASSWORD)
        self.client.force_login(admin)
        response = self.client.get("/admin/login-security/")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, "Nobody is locked out.")
