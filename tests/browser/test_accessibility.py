"""axe-core finds no violations on public pages; the CSP blocks nothing we use."""

from wagtail.models import Page, PageViewRestriction

import pytest

PUBLIC_PAGES = [
    "/",
    "/statement/",
    "/statement/signatories/",
    "/news/",
    "/news/process/igf/",
    "/news/wsis20-outcome-adopted-igf-permanent/",
    "/key-dates/",
    "/no-such-page/",
    "/accounts/login/",
]


@pytest.mark.browser
def test_public_pages_have_no_axe_violations_and_no_console_errors(site, page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = {}
    for path in PUBLIC_PAGES:
        page.console_errors.clear()
        page.goto(site.url + path)
        results = axe.run(page)
        if results.violations_count:
            problems[path] = results.generate_report()
        # 404 pages log their status as a console error; anything else is ours.
        errors = [e for e in page.console_errors if "404" not in e]
        if errors:
            problems[f"{path} console"] = errors
    assert problems == {}


@pytest.mark.browser
def test_password_form_is_accessible_and_names_nothing(site, page):
    from axe_playwright_python.sync_playwright import Axe

    item = Page.objects.get(slug="wsis20-outcome-adopted-igf-permanent")
    PageViewRestriction.objects.create(
        page=item, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pw"
    )
    page.goto(site.url + item.url)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
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
