"""Launch content for the site shell: the home page as the site root, site settings."""

from django.db import transaction

from wagtail.models import Page, Site

from core.addresses import site_host_and_port
from core.models import SiteSettings
from home.models import HomePage

from .loader import Report, publish_child

HOME = {
    "title": "Home",
    "hero_heading": "Defending multistakeholder Internet governance",
    "hero_intro": (
        "We are members of the Internet’s technical community: the companies, "
        "organizations, groups and actors whose day-to-day job is to operate the "
        "critical infrastructure and services at the heart of the Internet."
    ),
}

WHY_IT_MATTERS = [
    "A driver of innovation, progress and development, the Internet touches all "
    "aspects of human life. This transformative technology is governed through "
    "collaboration across varied overlapping stakeholders and processes—and involves "
    "the participation of distinct stakeholder groups: governments, civil society, "
    "academia, the private sector and the technical community.",
    "The technological success of the Internet—the reason it works seamlessly across "
    "the globe—is the direct result of this multistakeholder approach and its use in "
    "various fora and initiatives.",
]


@transaction.atomic
def ensure_home(report: Report) -> HomePage:
    """Make a HomePage the default site's root, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial migration leaves a plain "Welcome" page at slug "home".
        for placeholder in root.get_children().filter(
            content_type__model="page", content_type__app_label="wagtailcore"
        ):
            placeholder.delete()
        home = HomePage(
            slug="home",
            body=[("paragraph", f"<p>{text}</p>") for text in WHY_IT_MATTERS],
            **HOME,
        )
        publish_child(root, home)
        report.add("home page")

    # The site's one address (core.addresses) comes from the environment; the
    # Site record follows it, so `make run PORT=8201` after a first run on 8000
    # moves it, and Wagtail's own links (admin "view live") agree.
    hostname, port = site_host_and_port()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="TCCM",
        )
        report.add("site")
    elif (site.root_page_id, site.hostname, site.port) != (home.pk, hostname, port):
        taken = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk)
        if (site.hostname, site.port) != (hostname, port) and not taken.exists():
            site.hostname, site.port = hostname, port
            report.add("site address updated")
        site.root_page = home
        site.save()
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    return home
