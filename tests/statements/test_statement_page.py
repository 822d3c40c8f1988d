"""The statement page: text, risk sections with a table of contents, signatories."""

import datetime
from http import HTTPStatus

from django.test import TestCase
from django.utils import timezone

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage
from statements.models import Signature, StatementIndexPage, StatementPage
from tests.factories import (
    SignatoryFactory,
    StakeholderGroupFactory,
    StatementPageFactory,
    make_site_root,
    svg_image,
)


def statement_form_data(**overrides) -> dict:
    data = {
        "title": "Joint statement",
        "slug": "joint-statement",
        "publication_date": "2024-12-17",
        "publication_date_precision": "day",
        "standfirst": "We are the technical community.",
        "body": streamfield([("paragraph", rich_text("<p>Why.</p>"))]),
        "risks": streamfield(
            [
                (
                    "risk",
                    {
                        "title": "A weakened IGF",
                        "anchor": "weakened-igf",
                        "summary": "The IGF is weakened.",
                        "body": rich_text(""),
                    },
                )
            ]
        ),
        "closing": rich_text("<p>We sign.</p>"),
    }
    data.update(overrides)
    return nested_form_data(data)


class StatementTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.statement = StatementPageFactory(parent=cls.home)

    def test_statements_live_under_home_or_the_statement_index(self):
        self.assertAllowedParentPageTypes(StatementPage, {HomePage, StatementIndexPage})
        self.assertAllowedSubpageTypes(StatementPage, {})
        self.assertAllowedSubpageTypes(StatementIndexPage, {StatementPage})
        self.assertCanCreateAt(HomePage, StatementPage)
        self.assertCanNotCreateAt(StatementPage, StatementPage)

    def test_statement_is_routable_renderable_previewable_and_editable(self):
        self.assertPageIsRoutable(self.statement)
        self.assertPageIsRenderable(self.statement)
        self.login()
        self.assertPageIsPreviewable(self.statement, post_data=statement_form_data())
        self.assertPageIsEditable(self.statement, post_data=statement_form_data())

    def test_editor_creates_a_statement_with_risk_sections(self):
        self.login()
        self.assertCanCreate(self.home, StatementPage, statement_form_data())
        created = StatementPage.objects.get(slug="joint-statement")
        self.assertEqual(created.risks[0].value["anchor"], "weakened-igf")

    def test_site_url_words_cannot_be_slugs_of_top_level_pages(self):
        self.login()
        for slug in ["admin", "documents"]:
            with self.subTest(slug=slug):
                response = self.client.post(
                    f"/admin/pages/add/statements/statementpage/{self.home.pk}/",
                    statement_form_data(slug=slug),
                )
                self.assertEqual(response.status_code, HTTPStatus.OK)
                self.assertIn(
                    f"“{slug}” is used by the site",
                    response.context["form"].errors["slug"][0],
                )
                self.assertFalse(StatementPage.objects.filter(slug=slug).exists())

    def test_two_risk_sections_cannot_share_an_anchor(self):
        self.login()
        risk = {
            "title": "Same",
            "anchor": "same",
            "summary": "x",
            "body": rich_text(""),
        }
        response = self.client.post(
            f"/admin/pages/add/statements/statementpage/{self.home.pk}/",
            statement_form_data(risks=streamfield([("risk", risk), ("risk", risk)])),
        )
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, "Another risk section already uses this anchor.")
        self.assertFalse(StatementPage.objects.filter(slug="joint-statement").exists())

    def test_a_publication_date_in_the_future_is_refused_unless_scheduled(self):
        self.login()
        url = f"/admin/pages/add/statements/statementpage/{self.home.pk}/"
        next_year = timezone.localdate().year + 1
        response = self.client.post(
            url,
            statement_form_data(
                publication_date=f"{next_year}-03-01",
                publication_date_precision="month",
            ),
        )
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, f"March {next_year} is in the future")
        self.assertFalse(StatementPage.objects.filter(slug="joint-statement").exists())
        # This month is fine even before its last day: a month-precise date
        # means any day in it.
        this_month = timezone.localdate().replace(day=28).isoformat()
        response = self.client.post(
            url,
            statement_form_data(
                publication_date=this_month, publication_date_precision="month"
            ),
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        # Scheduled to go live on that day: the date is right.
        response = self.client.post(
            url,
            statement_form_data(
                slug="launch-statement",
                publication_date=f"{next_year}-03-01",
                go_live_at=f"{next_year}-03-01 09:00",
                action_publish="action-publish",
            ),
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        self.assertTrue(StatementPage.objects.filter(slug="launch-statement").exists())

    def test_statement_index_lists_its_statements(self):
        index = self.home.add_child(
            instance=StatementIndexPage(title="Statements", slug="statements")
        )
        StatementPageFactory(
            parent=index, title="Follow-up statement", slug="follow-up"
        )
        response = self.client.get("/statements/")
        self.assertContains(response, "Follow-up statement")
        self.assertContains(response, "0 signatories")


class StatementRenderingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.statement = StatementPageFactory(
            parent=cls.home, publication_date=datetime.date(2024, 12, 17)
        )
        cls.statement.save_revision().publish()
        group = StakeholderGroupFactory(name="ccTLD registry", slug="cctld-registry")
        for name, country, signed_on, founding in [
            ("Nominet UK", "GB", None, True),
            (".PT", "PT", datetime.date(2025, 3, 1), False),
            ("au Domain Administration Ltd (auDA)", "AU", None, True),
            ("Canadian Internet Registration Authority (CIRA)", "CA", None, True),
            ("Tucows, Inc.", "CA", None, True),
        ]:
            Signature.objects.create(
                signatory=SignatoryFactory(name=name, country=country, group=group),
                statement=cls.statement,
                signed_on=signed_on,
                founding=founding,
            )
        hidden = SignatoryFactory(
            name="Hidden Registry",
            live=False,
            contact_email="secret@hidden.example",
        )
        draft = SignatoryFactory(name="Draft Registry", live=False)
        expired = SignatoryFactory(
            name="Expired Registry",
            expire_at=timezone.now() - datetime.timedelta(minutes=1),
        )
        for signatory in (hidden, draft, expired):
            Signature.objects.create(signatory=signatory, statement=cls.statement)

    def setUp(self):
        self.response = self.client.get("/statement/")

    def test_statement_text_and_dates_render(self):
        self.assertEqual(self.response.status_code, HTTPStatus.OK)
        self.assertContains(
            self.response, "We are members of the Internet’s technical community."
        )
        self.assertContains(
            self.response, '<time datetime="2024-12-17">17 December 2024</time>'
        )
        # Published once, never edited: no "Last updated" naming the load day
        # (tests/statements/test_publication_date.py covers a later edit).
        self.assertNotContains(self.response, "Last updated")

    def test_table_of_contents_links_to_each_risk_section(self):
        self.assertContains(
            self.response, '<a href="#left-out">Stakeholders left out</a>', html=True
        )
        # An empty anchor is made from the title.
        self.assertContains(
            self.response, '<a href="#a-weakened-igf">A weakened IGF</a>', html=True
        )
        self.assertContains(self.response, 'id="left-out"')
        self.assertContains(self.response, 'id="a-weakened-igf"')
        self.assertContains(self.response, "<p>Detail about the IGF.</p>")

    def test_headline_counts_public_organisations_and_countries(self):
        self.assertContains(
            self.response, "5 organisations from 4 countries have signed."
        )

    def test_founders_alphabetically_then_the_latest_with_signing_dates(self):
        content = self.response.content.decode()
        positions = [
            content.index(name)
            for name in [
                "Founding signatories",
                "au Domain Administration Ltd (auDA)",
                "Canadian Internet Registration Authority (CIRA)",
                "Nominet UK",
                "Tucows, Inc.",
                "Latest to sign",
                ".PT",
                "See all 5 signatories",
            ]
        ]
        self.assertEqual(positions, sorted(positions))
        self.assertContains(
            self.response, '<time datetime="2025-03-01">1 Mar 2025</time>'
        )
        self.assertContains(self.response, "Founding signatory")

    def test_hidden_and_draft_signatories_and_private_fields_stay_private(self):
        self.assertNotContains(self.response, "Hidden Registry")
        self.assertNotContains(self.response, "Draft Registry")
        self.assertNotContains(self.response, "Expired Registry")
        self.assertNotContains(self.response, "secret@hidden.example")

    def test_breadcrumbs_lead_back_home(self):
        self.assertContains(self.response, 'aria-label="Breadcrumb"')
        self.assertContains(self.response, '<a href="/">Home</a>', html=True)

    def test_home_page_shows_the_signatory_count_and_links_to_the_statement(self):
        self.home.statement = self.statement
        self.home.save()
        response = self.client.get("/")
        self.assertContains(response, "5 organisations from 4 countries have signed.")
        self.assertContains(response, 'href="/statement/#signatories"')


class SvgLogoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        statement = StatementPageFactory(parent=make_site_root())
        signatory = SignatoryFactory(name="Vector Registry", logo=svg_image())
        Signature.objects.create(signatory=signatory, statement=statement)

    def test_an_svg_logo_is_shown_as_svg_on_the_statement(self):
        response = self.client.get("/statement/")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertRegex(
            response.content.decode(),
            r'<img [^>]*alt="Vector Registry"[^>]*src="/media/images/[^"]+\.svg"'
            r'|<img [^>]*src="/media/images/[^"]+\.svg"[^>]*alt="Vector Registry"',
        )
