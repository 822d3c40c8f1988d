"""The home page: the single site root, with its hero and calls to action."""

from http import HTTPStatus

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage
from tests.factories import make_site_root


def home_form_data() -> dict:
    return nested_form_data(
        {
            "title": "Home",
            "slug": "home",
            "hero_heading": "Defending multistakeholderism",
            "hero_intro": "",
            "primary_cta_label": "",
            "secondary_cta_label": "",
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>Why it matters.</p>")),
                    ("heading", {"text": "Our aims", "level": "h2"}),
                ]
            ),
        }
    )


class HomePageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()

    def test_home_page_lives_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)

    def test_there_is_only_one_home_page(self):
        root = Page.get_first_root_node()
        self.assertFalse(HomePage.can_create_at(root))

    def test_home_page_is_routable_renderable_and_editable(self):
        self.assertPageIsRoutable(self.home)
        self.assertPageIsRenderable(self.home)
        self.assertPageIsPreviewable(self.home, post_data=home_form_data())
        self.login()
        self.assertPageIsEditable(self.home, post_data=home_form_data())


class HomePageCreateTests(WagtailPageTestCase):
    def test_editor_can_create_the_home_page_at_the_root(self):
        root = Page.get_first_root_node()
        for child in root.get_children():
            child.delete()
        self.login()
        self.assertCanCreate(
            root,
            HomePage,
            home_form_data(),
        )


class HomePageRenderingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_root()
        cls.about = cls.home.add_child(
            instance=Page(title="About the coalition", slug="about")
        )
        cls.home.primary_cta_page = cls.about
        cls.home.primary_cta_label = "Learn about us"
        cls.home.save()

    def test_home_renders_its_hero(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(
            response, '<h1 class="hero__heading">Defending multistakeholder', html=False
        )
        self.assertContains(response, "Internet’s technical community")

    def test_calls_to_action_link_to_the_chosen_pages(self):
        response = self.client.get("/")
        self.assertContains(response, 'href="/about/">Learn about us</a>')

    def test_unpublished_call_to_action_target_is_not_linked(self):
        self.about.unpublish()
        response = self.client.get("/")
        self.assertNotContains(response, "Learn about us")
