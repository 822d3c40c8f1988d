"""In Chromium: search works from the keyboard
without JavaScript, the statement prints cleanly, and badges load."""

import re

import pytest


@pytest.mark.browser
def test_header_search_works_from_the_keyboard_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/statement/")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("igf mandate")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=igf\+mandate$"))
    assert page.locator(".search-result").count() >= 1
    assert page.locator(".search-result mark").first.inner_text().lower() in (
        "igf",
        "mandate",
    )
    # A result opens from the keyboard too.
    page.locator(".search-result__title a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/statement/"))
    context.close()


def pdf_pages(pdf: bytes) -> int:
    return int(re.search(rb"/Count (\d+)", pdf).group(1))


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_printable_statement_fits_one_page(site, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site.url + "/statement/print/")
    assert pdf_pages(page.pdf(format="A4")) == 1
    assert pdf_pages(page.pdf(format="Letter")) == 1
    context.close()


@pytest.mark.browser
def test_statement_prints_its_text_and_signatories_without_the_site_chrome(
    site, browser
):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site.url + "/statement/")
    page.emulate_media(media="print")
    for hidden in [".site-header", ".site-footer", ".breadcrumbs", ".toc"]:
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator(".signatory__name").count() == 14
    assert page.locator(".signatory__name").first.is_visible()
    assert not page.locator(".signatory__logo").first.is_visible()
    assert page.locator(".print-only").is_visible()
    # Black on white on paper, even for a reader who prefers dark.
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert (
        page.evaluate("getComputedStyle(document.body).backgroundColor")
        == "rgb(255, 255, 255)"
    )
    context.close()


@pytest.mark.browser
def test_badge_loads_as_an_image(site, page, settings):
    settings.WAGTAILADMIN_BASE_URL = site.url
    page.goto(site.url + "/statement/member-kit/?organisation=nominet")
    page.get_by_role("link", name="Badge for Nominet UK").click()
    badge = page.locator(".badge-preview img")
    badge.wait_for()
    # A function, not an expression: Playwright polls expressions with eval(),
    # which the site's CSP (rightly) refuses.
    assert (
        badge.evaluate("async img => { await img.decode(); return img.naturalWidth; }")
        == 360
    )
    assert page.console_errors == []
    snippet = page.locator("#badge-snippet").input_value()
    assert snippet.startswith(f'<a href="{site.url}/statement/"><img src="')
