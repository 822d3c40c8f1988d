"""axe-core finds no violations on public pages; the CSP blocks nothing we use."""

from wagtail.models import Page, PageViewRestriction

import pytest

from statements.models import Signature, StatementPage
from tests.factories import sign

from .axe import axe_report

# Every public page the site has, one of each kind (issue 10 lists them).
PUBLIC_PAGES = [
    "/",
    "/statement/",
    "/statement/signatories/",
    "/statement/signatories/?country=CA",
    "/news/",
    "/news/?year=2025",
    "/news/process/igf/",
    "/news/wsis20-outcome-adopted-igf-permanent/",
    "/key-dates/",
    "/search/",
    "/search/?q=igf",
    "/search/?q=internet&type=signatories",
    "/search/?q=quokka",
    # Launch content gives two pages of results: the pagination links.
    "/search/?q=a",
    "/search/?q=a&page=2",
    "/statement/member-kit/",
    "/statement/member-kit/?organisation=nic",
    "/statement/print/",
    # One organisation's badge, with the HTML to copy (a read-only text box).
    "/statement/member-kit/{signatory}/",
    "/statement/join/",
    "/no-such-page/",
    "/accounts/login/",
]
WIDTHS = {
    "mobile": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
BACKGROUNDS = {"light": "rgb(255, 255, 255)", "dark": "rgb(18, 22, 27)"}


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", BACKGROUNDS)
def test_public_pages_have_no_axe_violations_and_no_console_errors(
    site, browser, scheme, width
):
    context = browser.new_context(color_scheme=scheme, viewport=WIDTHS[width])
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    problems = {}
    signatory = Signature.objects.public().values_list("signatory", flat=True)[0]
    for path in (path.format(signatory=signatory) for path in PUBLIC_PAGES):
        errors.clear()
        page.goto(site.url + path)
        if report := axe_report(page):
            problems[path] = report
        # 404 pages log their status as a console error; anything else is ours.
        if [e for e in errors if "404" not in e]:
            problems[f"{path} console"] = list(errors)
    # The scheme's own palette is in use.
    page.goto(site.url + "/")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    context.close()
    assert problems == {}
    assert background == BACKGROUNDS[scheme]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", BACKGROUNDS)
def test_a_directory_of_several_pages_is_accessible(site, browser, scheme):
    """Its letter links and page links only show past one page of names."""
    statement = StatementPage.objects.get()
    sign(statement, StatementPage.DIRECTORY_PAGE_SIZE + 6, country="CA")
    context = browser.new_context(color_scheme=scheme, viewport=WIDTHS["mobile"])
    page = context.new_page()
    problems = {}
    for path in ["/statement/signatories/", "/statement/signatories/?from=S"]:
        page.goto(site.url + path)
        assert page.locator("nav .letters a").count() >= 2
        if report := axe_report(page):
            problems[path] = report
    context.close()
    assert problems == {}


@pytest.mark.browser
def test_password_form_is_accessible_and_names_nothing(site, page):
    item = Page.objects.get(slug="wsis20-outcome-adopted-igf-permanent")
    PageViewRestriction.objects.create(
        page=item, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pw"
    )
    page.goto(site.url + item.url)
    assert axe_report(page) == ""
    assert "General Assembly" not in page.content()
    page.fill("#id_password", "wrong")
    page.click("main button[type=submit]")
    assert page.locator("#id_password[aria-invalid=true]").count() == 1
    page.fill("#id_password", "s3cret-pw")
    page.click("main button[type=submit]")
    assert "General Assembly" in page.content()


@pytest.mark.browser
def test_skip_link_is_the_first_stop_and_moves_focus_to_main(site, page):
    page.goto(site.url + "/statement/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.browser
def test_signatory_filters_work_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/statement/signatories/")
    page.select_option("#filter-country", "CA")
    page.click("main button[type=submit]")
    assert page.url.endswith("/statement/signatories/?country=CA")
    assert page.locator(".signatory").count() == 2
    context.close()


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until selector has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


@pytest.mark.browser
def test_signatory_filters_work_from_the_keyboard(site, page):
    page.goto(site.url + "/statement/signatories/")
    tab_to(page, "#filter-country")
    # A closed select takes typed letters, as it does for a screen-reader user.
    page.keyboard.type("Canada")
    assert page.evaluate("() => document.activeElement.value") == "CA"
    tab_to(page, "form.filters button[type=submit]", limit=3)
    page.keyboard.press("Enter")
    page.wait_for_url("**/statement/signatories/?country=CA*")
    assert page.locator(".signatory").count() == 2
    # The new page offers "Clear filters" beside the form.
    tab_to(page, "form.filters a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/statement/signatories/")
    assert page.locator(".signatory").count() == 14


@pytest.mark.browser
def test_news_filters_work_from_the_keyboard(site, page):
    page.goto(site.url + "/news/")
    tab_to(page, 'a.tag[href$="/news/process/igf/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/news/process/igf/")
    tab_to(page, 'a.tag[href$="?year=2025"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/news/process/igf/?year=2025")
    assert page.locator('a.tag[aria-current="page"]').all_inner_texts() == [
        "IGF",
        "2025",
    ]
    assert page.get_by_role("status").inner_text().endswith("in 2025")
