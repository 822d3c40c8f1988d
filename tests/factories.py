"""Test data builders; page factories are parented under the site's HomePage."""

from wagtail.models import Page, Site

import factory
import wagtail_factories

from home.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    hero_heading = "Defending multistakeholder Internet governance"
    hero_intro = "We are members of the Internet’s technical community."

    class Meta:
        model = HomePage


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
    is_public = True

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
