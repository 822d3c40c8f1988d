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


__all__ = ["HomePageFactory", "factory", "make_site_root", "rich"]
