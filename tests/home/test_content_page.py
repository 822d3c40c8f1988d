"""General pages (About, Join us, Privacy, Contact): where they fit, and the
footer's privacy link that can now point at one."""

from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.models import SiteSettings
from home.models import ContentPage, HomePage
from news.models import NewsIndexPage, NewsPage
from statements.models import StatementPage
from tests.factories import NewsIndexPageFactory, make_site_root


def content_form_data(title: str = "About us", slug: str = "about") -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "Who we are, in two sentences.",
            "body": streamfield(
                [
                    ("heading", {"text": "Our members", "level": "h2"}),
                    ("paragraph", rich_text("<p>Registries and registrars.</p>")),
                ]
            ),
        }
    )


class ContentPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.news = NewsIndexPageFactory(parent=cls.home)
        cls.about = cls.home.add_child(
            instance=ContentPage(
                title="About us",
                slug="about",
                intro="Who we are.",
                body=[("paragraph", "<p>Registries and registrars.</p>")],
            )
        )

    def test_general_pages_go_under_home_or_each_other_only(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})
        self.assertCanCreateAt(HomePage, ContentPage)
        self.assertCanNotCreateAt(NewsIndexPage, ContentPage)
        self.assertCanNotCreateAt(StatementPage, ContentPage)
        self.assertCanNotCreateAt(ContentPage, NewsPage)

    def test_an_editor_creates_one_under_home(self):
        self.login()
        self.assertCanCreate(
            self.home, ContentPage, content_form_data("Join us", "join-us")
        )
        response = self.client.get("/join-us/")
        self.assertContains(response, "<h1>Join us</h1>", html=True)
        self.assertContains(response, "Our members")

    def test_renders_with_intro_as_description_and_breadcrumbs(self):
        response = self.client.get("/about/")
        self.assertContains(response, '<p class="lead">Who we are.</p>', html=True)
        self.assertContains(response, '<meta name="description" content="Who we are.">')
        self.assertContains(response, "Registries and registrars.")
        self.assertContains(response, '<span aria-current="page">About us</span>')

    def test_routable_renderable_previewable_editable(self):
        self.assertPageIsRoutable(self.about)
        self.assertPageIsRenderable(self.about)
        self.assertPageIsPreviewable(self.about, post_data=content_form_data())
        self.login()
        self.assertPageIsEditable(self.about, post_data=content_form_data())

    def test_the_footer_links_to_a_privacy_page(self):
        privacy = self.home.add_child(
            instance=ContentPage(title="Privacy", slug="privacy")
        )
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.privacy_page = privacy
        settings.save()
        self.assertContains(self.client.get("/about/"), 'href="/privacy/">Privacy<')
