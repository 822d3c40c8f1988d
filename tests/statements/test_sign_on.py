"""Joining the statement: the public form, email confirmation, moderation by
Comms staff, abuse limits and mail failures, all through HTTP."""

import io
import json
import os
import re
import subprocess
import sys
import time
from unittest import mock

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

import pytest
import redis
from django_tasks_db.models import DBTaskResult
from PIL import Image

from editorial.roles import COMMS_STAFF, NEWS_EDITORS, sync_roles
from home.models import HomePage
from statements.models import Signatory, Signature, SignOnRequest, SubmissionCount
from statements.signon import emails
from statements.signon.forms import STARTED_SALT
from tests.factories import (
    SignatoryFactory,
    StakeholderGroupFactory,
    StatementPageFactory,
    make_site_root,
    restore_wagtail_basics,
)
from tests.services import redis_url

JOIN = "/statement/join/"


def started(seconds_ago: float = 60) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT)


def image_file(fmt="PNG", size=(120, 60), name="logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


class FailingEmailBackend:
    """An SMTP server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


class SignOnTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_root()
        cls.statement = StatementPageFactory(
            parent=home, slug="statement", title="Joint statement"
        )
        cls.group = StakeholderGroupFactory(name="ccTLD registry", slug="cctld")
        sync_roles(apps)
        users = get_user_model().objects
        cls.comms = users.create_user("comms", "comms@coalition.example", "pw")
        cls.comms.groups.add(Group.objects.get(name=COMMS_STAFF))
        cls.news_editor = users.create_user("member", "member@example.org", "pw")
        cls.news_editor.groups.add(Group.objects.get(name=NEWS_EDITORS))

    def data(self, **overrides) -> dict:
        values = {
            "organisation_name": "Registro Exemplar",
            "website": "https://www.exemplar.pt/",
            "country": "PT",
            "group": self.group.pk,
            "contact_name": "Ana Silva",
            "contact_email": "ana@exemplar.pt",
            "role": "Head of Policy",
            "message": "We support the statement.",
            "consent_to_listing": "on",
            "leave_empty": "",
            "started": started(),
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value is not None}

    def submit(self, **overrides):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(JOIN, self.data(**overrides))

    def confirm_url(self, message) -> str:
        return re.search(r"http://\S+/join/confirm/\?t=\S+", message.body).group(0)


class JoinPathTests(SignOnTestCase):
    def test_the_whole_path_from_form_to_statement_and_open_data(self):
        page = self.client.get(JOIN)
        self.assertContains(page, "Organisation name")
        self.assertContains(page, 'name="csrfmiddlewaretoken"')
        self.assertContains(page, "How we use your details")

        response = self.submit()
        self.assertRedirects(response, "/statement/join/thanks/")
        thanks = self.client.get(response.url)
        self.assertContains(thanks, "check your email")
        self.assertContains(thanks, "What happens next")

        request = SignOnRequest.objects.get()
        self.assertEqual(request.status, SignOnRequest.Status.UNVERIFIED)
        self.assertTrue(request.email_matches_website)
        [confirmation] = mail.outbox
        self.assertEqual(confirmation.to, ["ana@exemplar.pt"])

        # The link asks first (mail scanners follow links), then confirms.
        path = self.confirm_url(confirmation).removeprefix("http://localhost")
        self.assertContains(self.client.get(path), "Confirm the request")
        request.refresh_from_db()
        self.assertEqual(request.status, SignOnRequest.Status.UNVERIFIED)
        with self.captureOnCommitCallbacks(execute=True):
            confirmed = self.client.post(path)
        self.assertContains(confirmed, "Request confirmed")
        request.refresh_from_db()
        self.assertEqual(request.status, SignOnRequest.Status.VERIFIED)
        staff_mail = mail.outbox[1]
        self.assertIn("comms@coalition.example", staff_mail.to)
        self.assertIn("Registro Exemplar", staff_mail.subject)

        # Comms staff: dashboard panel → Review → Approve and publish.
        self.client.force_login(self.comms)
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        review_url = reverse("sign_on_requests:inspect", args=(request.pk,))
        self.assertContains(dashboard, "Sign-on requests")
        self.assertContains(dashboard, review_url)
        review = self.client.get(review_url)
        self.assertContains(review, "Approve and publish")
        with self.captureOnCommitCallbacks(execute=True):
            approved = self.client.post(
                review_url, {"action": "approve", "approve-signatory": ""}
            )
        self.assertEqual(approved.status_code, 302)

        request.refresh_from_db()
        self.assertEqual(request.status, SignOnRequest.Status.APPROVED)
        self.assertEqual(request.decided_by, self.comms)
        self.assertIsNotNone(request.decided_at)
        signatory = request.signatory
        self.assertTrue(signatory.live)
        self.assertEqual(signatory.country.code, "PT")
        self.assertTrue(
            Signature.objects.filter(signatory=signatory, statement=self.statement)
        )
        self.assertEqual(mail.outbox[-1].to, ["ana@exemplar.pt"])
        self.assertIn("now signs", mail.outbox[-1].subject)

        self.client.logout()
        statement_page = self.client.get("/statement/").content.decode()
        self.assertIn("Registro Exemplar", statement_page)
        open_data = self.client.get("/statement/signatories.json").content.decode()
        self.assertIn("Registro Exemplar", open_data)
        csv = self.client.get("/statement/signatories.csv").content.decode()
        for public in (statement_page, open_data, csv):
            self.assertNotIn("ana@exemplar.pt", public)
            self.assertNotIn("Ana Silva", public)
            self.assertNotIn("Head of Policy", public)

    def test_statement_and_home_invite_organisations_while_sign_on_is_open(self):
        HomePage.objects.update(statement=self.statement)
        for url in ("/statement/", "/"):
            self.assertContains(self.client.get(url), JOIN)
        self.statement.sign_on_open = False
        self.statement.save_revision().publish()
        for url in ("/statement/", "/"):
            self.assertNotContains(self.client.get(url), JOIN)
        closed = self.client.get(JOIN)
        self.assertEqual(closed.status_code, 404)
        self.assertContains(closed, "not accepting new signatories", status_code=404)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(JOIN, self.data())
        self.assertFalse(SignOnRequest.objects.exists())

    def test_a_contact_email_from_another_domain_is_accepted_and_flagged(self):
        self.submit(contact_email="ana.silva@gmail.example")
        request = SignOnRequest.objects.get()
        self.assertFalse(request.email_matches_website)
        request.status = SignOnRequest.Status.VERIFIED
        request.save()
        self.client.force_login(self.comms)
        review = self.client.get(
            reverse("sign_on_requests:inspect", args=(request.pk,))
        )
        self.assertContains(review, "Email domain differs from the website")

    def test_staff_reject_with_a_reason_and_optional_email(self):
        self.submit()
        request = SignOnRequest.objects.get()
        SignOnRequest.objects.filter(pk=request.pk).update(
            status=SignOnRequest.Status.VERIFIED
        )
        self.client.force_login(self.comms)
        url = reverse("sign_on_requests:inspect", args=(request.pk,))
        invalid = self.client.post(url, {"action": "reject", "reject-reason": ""})
        self.assertContains(invalid, "This field is required")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                url,
                {
                    "action": "reject",
                    "reject-reason": "Not a technical community organisation.",
                    "reject-notify": "on",
                },
            )
        request.refresh_from_db()
        self.assertEqual(request.status, SignOnRequest.Status.REJECTED)
        self.assertEqual(request.decided_by, self.comms)
        self.assertIn("Not a technical community organisation.", mail.outbox[-1].body)
        self.assertFalse(Signatory.objects.exists())
        # Its confirmation link now says so.
        path = self.confirm_url(mail.outbox[0]).removeprefix("http://localhost")
        self.assertContains(self.client.get(path), "already reviewed")

    def test_an_unconfirmed_address_is_never_emailed_a_rejection(self):
        self.submit()
        request = SignOnRequest.objects.get()
        self.client.force_login(self.comms)
        url = reverse("sign_on_requests:inspect", args=(request.pk,))
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                url,
                {"action": "reject", "reject-reason": "Spam", "reject-notify": "on"},
            )
        request.refresh_from_db()
        self.assertEqual(request.status, SignOnRequest.Status.REJECTED)
        self.assertEqual(len(mail.outbox), 1)  # the confirmation email only

    def test_an_unconfirmed_request_cannot_be_approved(self):
        self.submit()
        request = SignOnRequest.objects.get()
        self.client.force_login(self.comms)
        url = reverse("sign_on_requests:inspect", args=(request.pk,))
        self.assertNotContains(self.client.get(url), "Approve and publish")
        self.client.post(url, {"action": "approve", "approve-signatory": ""})
        request.refresh_from_db()
        self.assertEqual(request.status, SignOnRequest.Status.UNVERIFIED)
        self.assertFalse(Signatory.objects.exists())


class ConfirmationLinkTests(SignOnTestCase):
    def setUp(self):
        self.submit()
        self.request = SignOnRequest.objects.get()
        self.path = self.confirm_url(mail.outbox[0]).removeprefix("http://localhost")

    def test_a_tampered_link_is_refused_and_changes_nothing(self):
        token = self.path.rpartition("?t=")[2]
        forged = signing.dumps(
            {"id": self.request.pk, "nonce": "0" * 32}, salt=emails.VERIFY_SALT
        )
        for bad in (token[:-3] + "abc", "not-a-token", forged):
            url = f"/statement/join/confirm/?t={bad}"
            response = self.client.post(url)
            self.assertIn(response.status_code, (200, 400), bad)
            self.assertNotContains(
                response, "Request confirmed", status_code=response.status_code
            )
        self.assertEqual(
            self.client.post("/statement/join/confirm/?t=x").status_code, 400
        )
        self.request.refresh_from_db()
        self.assertEqual(self.request.status, SignOnRequest.Status.UNVERIFIED)

    def test_a_link_works_once(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.path)
        again = self.client.post(self.path)
        self.assertContains(again, "already confirmed")
        self.assertEqual(len(mail.outbox), 2)  # one confirmation, one staff notice

    def test_an_expired_link_is_refused_and_the_request_stays_for_staff(self):
        with (
            override_settings(SIGNON_LINK_DAYS=1),
            mock.patch(
                "django.core.signing.time.time", return_value=time.time() + 2 * 86400
            ),
        ):
            response = self.client.post(self.path)
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, "expired", status_code=410)
        self.request.refresh_from_db()
        self.assertEqual(self.request.status, SignOnRequest.Status.UNVERIFIED)
        SignOnRequest.objects.filter(pk=self.request.pk).update(
            created_at=self.request.created_at.replace(year=2020)
        )
        self.client.force_login(self.comms)
        listing = self.client.get(reverse("sign_on_requests:index") + "?status=expired")
        self.assertContains(listing, "Registro Exemplar")
        self.assertContains(listing, "Expired")


class AbuseTests(SignOnTestCase):
    def assert_nothing_stored(self):
        self.assertFalse(SignOnRequest.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_the_honeypot_pretends_success_and_stores_nothing(self):
        response = self.submit(leave_empty="http://spam.example")
        self.assertRedirects(response, "/statement/join/thanks/")
        self.assert_nothing_stored()

    def test_fill_time_is_signed_and_checked(self):
        cases = {
            "missing": None,
            "unsigned zero": "0",
            "forged, an hour ago": f"{time.time() - 3600}:abc:def",
            "too fast": started(seconds_ago=0),
        }
        for case, value in cases.items():
            with self.subTest(case):
                response = self.submit(started=value)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "send it again")
                # What they typed is kept.
                self.assertContains(response, 'value="Registro Exemplar"')
        self.assert_nothing_stored()

    def test_each_bad_input_gets_a_message_and_stores_nothing(self):
        cases = [
            ("organisation_name", "x" * 201, "at most 200 characters"),
            ("contact_name", "Ana\nBcc: victim@example.org", "single line"),
            ("organisation_name", "Registro Exemplar\u200b", "single line"),
            ("role", "\u202eHead of Policy", "single line"),
            ("role", "r" * 201, "at most 200 characters"),
            ("message", "m" * 2001, "at most 2000 characters"),
            ("website", "javascript:alert(1)", "Enter a valid URL"),
            ("contact_email", "ana@exemplar.pt\nBcc: x@y.z", "valid email"),
            ("country", "XX", "valid choice"),
            ("consent_to_listing", "", "signatories are listed publicly"),
        ]
        for field, value, message in cases:
            with self.subTest(field):
                response = self.submit(**{field: value})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertContains(response, "Please correct the following")
                self.assertContains(response, f'href="#id_{field}"')
                self.assertContains(response, 'aria-invalid="true"')
        self.assert_nothing_stored()

    def test_logos_are_checked_by_content(self):
        svg = SimpleUploadedFile(
            "logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'
        )
        huge = image_file(size=(9000, 9000))  # compresses to a small file
        big = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024))
        html = SimpleUploadedFile("logo.gif", b"<html><script>alert(1)</script>")
        good = image_file().read()
        # Valid header and checksums, garbage pixels: verify() alone accepts it.
        corrupt = SimpleUploadedFile("logo.png", good[:60] + b"\0" * 40 + good[100:])
        for name, upload, message in (
            ("SVG named .png", svg, "not SVG"),
            ("too many pixels", huge, "keep it under"),
            ("over 2 MB", big, "larger than 2 MB"),
            ("HTML named .gif", html, "not SVG"),
            ("corrupt pixels", corrupt, "not SVG"),
        ):
            with self.subTest(name):
                response = self.submit(logo=upload)
                self.assertContains(response, message)
        self.assert_nothing_stored()

    def test_a_good_logo_is_kept_privately_and_shown_to_staff_only(self):
        self.submit(logo=image_file(name="../../etc/passwd.png"))
        request = SignOnRequest.objects.get()
        self.assertRegex(request.logo.name, r"^sign-on-logos/[0-9a-f]{32}\.png$")
        url = reverse("sign_on_requests:logo", args=(request.pk,))
        self.assertNotEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.news_editor)
        self.assertNotEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.comms)
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertIn("sandbox", response["Content-Security-Policy"])

    def test_two_identical_submissions_make_one_request(self):
        self.submit()
        self.submit(started=started(30))
        self.assertEqual(SignOnRequest.objects.count(), 1)
        self.assertEqual(len(mail.outbox), 1)

    @override_settings(SIGNON_LIMIT_PER_ADDRESS=2)
    def test_too_many_requests_from_one_address_get_a_friendly_429(self):
        for number in range(2):
            self.submit(
                organisation_name=f"Org {number}", contact_email=f"a{number}@x.pt"
            )
        response = self.submit(organisation_name="Org 3", contact_email="c@x.pt")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "try again later", status_code=429)
        self.assertEqual(SignOnRequest.objects.count(), 2)

    @override_settings(SIGNON_LIMIT_PER_EMAIL=1)
    def test_too_many_requests_for_one_email_get_a_429(self):
        self.submit()
        for email in ("ana@exemplar.pt", "ANA+2@exemplar.pt "):
            response = self.submit(
                organisation_name="Another name", contact_email=email
            )
            self.assertEqual(response.status_code, 429, email)
        self.assertEqual(SignOnRequest.objects.count(), 1)

    @override_settings(SIGNON_LIMIT_PER_ADDRESS=1)
    def test_one_ipv6_network_counts_as_one_address(self):
        self.client.post(JOIN, self.data(), REMOTE_ADDR="2001:db8::1")
        other = self.client.post(
            JOIN,
            self.data(organisation_name="B", contact_email="b@b.pt"),
            REMOTE_ADDR="2001:db8::2",
        )
        self.assertEqual(other.status_code, 429)

    @override_settings(SIGNON_LIMIT_PER_ADDRESS=2)
    def test_correcting_mistakes_does_not_use_up_the_limit(self):
        for _ in range(3):
            self.submit(contact_email="not an email")
        self.assertRedirects(self.submit(), "/statement/join/thanks/")

    def test_an_expired_request_sent_again_gets_a_new_link(self):
        self.submit()
        SignOnRequest.objects.update(created_at=timezone.now().replace(year=2020))
        self.submit(started=started(30))
        self.assertEqual(SignOnRequest.objects.count(), 1)
        self.assertEqual(len(mail.outbox), 2)
        self.assertFalse(SignOnRequest.objects.get().is_expired)
        new_link = self.confirm_url(mail.outbox[1]).removeprefix("http://localhost")
        with self.captureOnCommitCallbacks(execute=True):
            self.assertContains(self.client.post(new_link), "Request confirmed")
        old_link = self.confirm_url(mail.outbox[0]).removeprefix("http://localhost")
        self.assertNotContains(self.client.post(old_link), "Request confirmed")

    def test_a_corrected_submission_is_a_new_request(self):
        self.submit(website="https://typo.example")
        self.submit(started=started(30))
        self.assertEqual(SignOnRequest.objects.count(), 2)

    def test_names_are_escaped_in_the_admin_and_kept_out_of_email_headers(self):
        self.submit()
        request = SignOnRequest.objects.get()
        # As if stored before validation existed, or through another path.
        SignOnRequest.objects.filter(pk=request.pk).update(
            organisation_name='<script>alert("x")</script>\r\nBcc: victim@example.org',
            status=SignOnRequest.Status.VERIFIED,
        )
        request.refresh_from_db()
        self.client.force_login(self.comms)
        for url in (
            reverse("sign_on_requests:index"),
            reverse("sign_on_requests:inspect", args=(request.pk,)),
            reverse("wagtailadmin_home"),
        ):
            body = self.client.get(url).content.decode()
            self.assertNotIn('<script>alert("x")', body, url)
            self.assertIn("&lt;script&gt;", body, url)
        message = emails.build_message(request, emails.STAFF)
        self.assertNotIn("\n", message.subject)
        self.assertNotIn("\r", message.subject)
        message.message()  # Django refuses header injection; this must not raise.


class MailFailureTests(SignOnTestCase):
    @override_settings(
        EMAIL_BACKEND="tests.statements.test_sign_on.FailingEmailBackend"
    )
    def test_a_mail_outage_never_loses_a_request_or_shows_an_error(self):
        response = self.submit()
        self.assertRedirects(response, "/statement/join/thanks/")
        request = SignOnRequest.objects.get()
        self.assertIn("could not be sent", request.email_problem)
        self.client.force_login(self.comms)
        listing = self.client.get(reverse("sign_on_requests:index"))
        self.assertContains(listing, "could not be sent")


class AdminAccessTests(SignOnTestCase):
    def test_news_editors_cannot_see_requests(self):
        self.submit()
        request = SignOnRequest.objects.get()
        urls = [
            reverse("sign_on_requests:index"),
            reverse("sign_on_requests:inspect", args=(request.pk,)),
            reverse("sign_on_requests:export", args=(request.pk,)),
            reverse("sign_on_requests:erase", args=(request.pk,)),
        ]
        self.client.force_login(self.news_editor)
        for url in urls:
            response = self.client.get(url)
            self.assertIn(response.status_code, (302, 403), url)
            self.assertNotContains(
                response, "Registro Exemplar", status_code=response.status_code
            )
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertNotContains(dashboard, "Sign-on requests")
        self.client.post(urls[1], {"action": "reject", "reject-reason": "no"})
        request.refresh_from_db()
        self.assertEqual(request.status, SignOnRequest.Status.UNVERIFIED)

    def test_listing_filters_and_search(self):
        self.submit()
        self.submit(
            organisation_name="Other Registry",
            contact_email="b@other.pt",
            website="https://other.pt",
        )
        SignOnRequest.objects.filter(organisation_name="Other Registry").update(
            status=SignOnRequest.Status.VERIFIED
        )
        self.client.force_login(self.comms)
        index = reverse("sign_on_requests:index")
        verified = self.client.get(index + "?status=verified")
        self.assertContains(verified, "Other Registry")
        self.assertNotContains(verified, "Registro Exemplar")
        found = self.client.get(index + "?q=Exemplar")
        self.assertContains(found, "Registro Exemplar")
        self.assertNotContains(found, "Other Registry")


class DuplicateTests(SignOnTestCase):
    def test_likely_duplicates_are_flagged_and_can_be_linked(self):
        existing = SignatoryFactory(
            name="Registro Exemplar", website="https://exemplar.pt"
        )
        self.submit()
        request = SignOnRequest.objects.get()
        SignOnRequest.objects.filter(pk=request.pk).update(
            status=SignOnRequest.Status.VERIFIED
        )
        self.client.force_login(self.comms)
        url = reverse("sign_on_requests:inspect", args=(request.pk,))
        review = self.client.get(url)
        self.assertContains(review, "An organisation with this name is in the library")
        self.assertContains(review, "A signatory already has this website")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                url, {"action": "approve", "approve-signatory": existing.pk}
            )
        self.assertEqual(Signatory.objects.count(), 1)
        request.refresh_from_db()
        self.assertEqual(request.signatory, existing)
        self.assertTrue(
            Signature.objects.filter(signatory=existing, statement=self.statement)
        )
        # The signature is in the organisation's history too.
        latest = existing.get_latest_revision_as_object()
        self.assertEqual(
            [s.statement_id for s in latest.signatures.all()], [self.statement.pk]
        )
        self.assertContains(self.client.get("/statement/"), "Registro Exemplar")

    def test_another_open_request_with_the_same_domain_is_flagged(self):
        self.submit()
        self.submit(
            organisation_name="Exemplar Registry", contact_email="joao@exemplar.pt"
        )
        second = SignOnRequest.objects.get(organisation_name="Exemplar Registry")
        self.assertIn(
            "another open request has this website's domain",
            [str(reason) for reason in second.duplicate_reasons()],
        )


class PersonalDataTests(SignOnTestCase):
    def test_staff_export_and_erase_one_requesters_data(self):
        self.submit(logo=image_file())
        request = SignOnRequest.objects.get()
        storage, logo = request.logo.storage, request.logo.name
        self.client.force_login(self.comms)
        export = self.client.get(reverse("sign_on_requests:export", args=(request.pk,)))
        data = json.loads(export.content)
        self.assertEqual(data["sign_on_requests"][0]["contact_name"], "Ana Silva")
        self.assertIn("attachment", export["Content-Disposition"])

        signatory = SignatoryFactory(
            name="Registro Exemplar",
            contact_name="Ana Silva",
            contact_email="ANA@exemplar.pt",
        )
        signatory.save_revision()
        erase = reverse("sign_on_requests:erase", args=(request.pk,))
        self.assertContains(self.client.get(erase), "cannot be undone")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(erase)
        self.assertFalse(SignOnRequest.objects.exists())
        self.assertFalse(storage.exists(logo))
        signatory.refresh_from_db()
        self.assertEqual((signatory.contact_name, signatory.contact_email), ("", ""))
        revision = signatory.latest_revision
        self.assertNotIn("exemplar.pt", json.dumps(revision.content).lower())
        self.assertEqual(signatory.name, "Registro Exemplar")

    def test_old_rejected_and_unconfirmed_requests_are_purged(self):
        old = timezone.now().replace(year=2020)
        self.submit()
        self.submit(
            organisation_name="B", contact_email="b@b.pt", website="https://b.pt"
        )
        self.submit(
            organisation_name="C", contact_email="c@c.pt", website="https://c.pt"
        )
        SignOnRequest.objects.filter(organisation_name="Registro Exemplar").update(
            created_at=old
        )
        SignOnRequest.objects.filter(organisation_name="B").update(
            status=SignOnRequest.Status.REJECTED, decided_at=old
        )
        out = io.StringIO()
        call_command("purge_sign_on_requests", stdout=out)
        self.assertIn("Erased 2 sign-on request(s)", out.getvalue())
        self.assertEqual(
            list(SignOnRequest.objects.values_list("organisation_name", flat=True)),
            ["C"],
        )


def database_url() -> str:
    """The test database as a DATABASE_URL another process can open."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


def hit_from_another_process(env: dict) -> bool:
    """One submission counted by a separate Python process (another server
    worker); whether it was within the limit."""
    script = (
        "import django; django.setup();"
        "from statements.signon import limits;"
        "print(limits.hit(limits.per_address(), '203.0.113.7'))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "coalition.settings.dev", **env},
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return result.stdout.strip().splitlines()[-1] == "True"


class RateLimitAcrossProcessesTests(TransactionTestCase):
    """Several server processes share one limit: counted in the database, or in
    Redis when the cache is Redis; never in each process's memory."""

    def check_shared(self, env: dict) -> None:
        env = {
            "DATABASE_URL": database_url(),
            "SIGNON_LIMIT_PER_ADDRESS": "2",
            "SECRET_KEY": "shared-by-both-processes",
            **env,
        }
        self.assertTrue(hit_from_another_process(env))
        self.assertTrue(hit_from_another_process(env))
        self.assertFalse(hit_from_another_process(env))

    def test_in_the_database(self):
        self.check_shared({"CACHE_URL": ""})
        self.assertEqual(SubmissionCount.objects.get().count, 3)

    @pytest.mark.redis
    def test_in_redis(self):
        url = redis_url()
        redis.Redis.from_url(url).flushdb()
        self.check_shared({"CACHE_URL": url})
        self.assertFalse(SubmissionCount.objects.exists())


class MailRetryTests(TransactionTestCase):
    """With the database task backend (production), an email that fails is
    queued again and sent once the mail server is back."""

    @override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        EMAIL_BACKEND="tests.statements.test_sign_on.FailingEmailBackend",
    )
    def test_a_mail_outage_only_delays_the_email(self):
        restore_wagtail_basics()
        home = make_site_root()
        StatementPageFactory(parent=home, slug="statement", title="Joint statement")
        data = {
            "organisation_name": "Registro Exemplar",
            "website": "https://exemplar.pt",
            "country": "PT",
            "contact_name": "Ana Silva",
            "contact_email": "ana@exemplar.pt",
            "role": "Policy",
            "consent_to_listing": "on",
            "started": started(),
        }
        response = self.client.post(JOIN, data)
        self.assertRedirects(response, "/statement/join/thanks/")
        self.assertTrue(SignOnRequest.objects.exists())

        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
        request = SignOnRequest.objects.get()
        self.assertIn("tried again", request.email_problem)
        retry = DBTaskResult.objects.filter(status="READY").get()
        self.assertGreater(retry.run_after, timezone.now())
        self.assertEqual(mail.outbox, [])

        # The mail server is back and the retry is due.
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        ):
            call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
        self.assertEqual(mail.outbox[0].to, ["ana@exemplar.pt"])
        request.refresh_from_db()
        self.assertEqual(request.email_problem, "")


class CsrfTests(TestCase):
    def test_a_post_without_the_csrf_cookie_gets_a_friendly_page(self):
        client = self.client_class(enforce_csrf_checks=True)
        response = client.post(JOIN, {"organisation_name": "X"})
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "send the form again", status_code=403)
        self.assertFalse(SignOnRequest.objects.exists())
