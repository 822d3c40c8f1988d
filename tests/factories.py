"""Test data builders; page factories are parented under the site's HomePage."""

import datetime

from django.core.files.base import ContentFile

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

import factory
import wagtail_factories

from home.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    hero_heading = "Defending multistakeholder Internet governance"
    hero_intro = "We are members of the Internet’s technical community."

    class Meta:
        model = HomePage


def restore_wagtail_basics() -> None:
    """Transactional tests flush every table, including what Wagtail's migrations
    create; put back the tree roots and the default locale."""
    Locale.objects.get_or_create(language_code="en")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def make_site_root(**kwargs) -> HomePage:
    """Replace Wagtail's welcome page with a HomePage serving the default site."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root, slug="home", **kwargs)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


def rich(text: str) -> str:
    return f"<p>{text}</p>"


class StakeholderGroupFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")

    class Meta:
        model = "statements.StakeholderGroup"


class SignatoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Registry {n:04d}")
    country = "CA"
    website = "https://registry.example/"
    live = True

    class Meta:
        model = "statements.Signatory"


class StatementPageFactory(wagtail_factories.PageFactory):
    title = "A technical community coalition for multistakeholderism"
    slug = "statement"
    standfirst = "We are members of the Internet’s technical community."
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>The multistakeholder approach is under threat.</p>")]
    )
    risks = factory.LazyFunction(
        lambda: [
            (
                "risk",
                {
                    "title": "Stakeholders left out",
                    "anchor": "left-out",
                    "summary": "The technical community will be left out.",
                    "body": "",
                },
            ),
            (
                "risk",
                {
                    "title": "A weakened IGF",
                    "anchor": "",
                    "summary": "The IGF mandate is not renewed.",
                    "body": "<p>Detail about the IGF.</p>",
                },
            ),
        ]
    )
    closing = "<p>We the undersigned are committed to multistakeholderism.</p>"

    class Meta:
        model = "statements.StatementPage"


def sign(statement, count: int, *, with_logos: bool = False, **kwargs) -> list:
    """Create `count` public signatories of `statement`."""
    from statements.models import Signature

    signatories = []
    for _ in range(count):
        signatory = SignatoryFactory(**kwargs)
        if with_logos:
            signatory.logo = wagtail_factories.ImageFactory(title=signatory.name)
            signatory.save()
        Signature.objects.create(signatory=signatory, statement=statement)
        signatories.append(signatory)
    return signatories


class UNProcessFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Process {n}")
    acronym = factory.Sequence(lambda n: f"P{n}")
    slug = factory.Sequence(lambda n: f"process-{n}")
    description = "A UN process the coalition follows."

    class Meta:
        model = "news.UNProcess"


class KeyDateFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Meeting {n}")
    process = factory.SubFactory(UNProcessFactory)
    start = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(30))

    class Meta:
        model = "news.KeyDate"


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"

    class Meta:
        model = "news.NewsIndexPage"


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"News item {n}")
    slug = factory.Sequence(lambda n: f"news-item-{n}")
    date = datetime.date(2025, 12, 17)
    summary = "What happened at the UN."
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Details.</p>")])

    class Meta:
        model = "news.NewsPage"
        skip_postgeneration_save = True

    @factory.post_generation
    def processes(self, create, extracted, **kwargs):
        if extracted:
            self.processes.set(extracted)
            self.save()


# A harmless logo: the drawing that survives SVG sanitising unchanged in meaning.
PLAIN_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80"'
    b' viewBox="0 0 200 80"><rect width="200" height="80" fill="#0a5"/></svg>'
)


def svg_image(title: str = "Logo", content: bytes = PLAIN_SVG):
    """An SVG image in the library, saved the way the admin saves one."""
    return get_image_model().objects.create(
        title=title, file=ContentFile(content, name="logo.svg")
    )
