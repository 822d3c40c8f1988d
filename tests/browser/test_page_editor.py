"""The page editor in a real browser: autosave never pauses while an editor
writes a news item, and the block picker shows styled previews."""

from django.contrib.auth import get_user_model

import pytest

from news.models import NewsIndexPage, NewsPage, UNProcess

from .autosave import (
    wait_for_autosave,
    wait_until_editing_is_watched,
    watch_autosave,
)


def log_in(page, url: str) -> None:
    get_user_model().objects.create_superuser("editor", "e@x.org", "pw-for-browser")
    page.goto(url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-browser")
    page.click("button[type=submit]")
    page.wait_for_url(url + "/admin/")


@pytest.mark.browser
def test_autosave_never_pauses_while_an_editor_writes_a_news_item(site, page):
    index = NewsIndexPage.objects.get()
    log_in(page, site.url)
    watch_autosave(page)
    page.goto(f"{site.url}/admin/pages/add/news/newspage/{index.pk}/")
    wait_until_editing_is_watched(page)

    # As a person writes it: title, summary, one paragraph, then the process.
    page.click("#id_title")
    page.keyboard.type("IGF 2026 dates announced", delay=20)
    page.click("#id_summary")
    page.keyboard.type("The IGF 2026 will meet in June.", delay=20)
    body = page.locator("[data-contentpath=body]")
    body.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Paragraph", exact=True).click()
    body.locator("[contenteditable=true]").first.click()
    page.keyboard.type("The Internet Governance Forum announced its dates.", delay=20)
    # Wagtail takes an edit made while an autosave is in flight as saved when
    # that save answers: let the text's autosave answer before the last click.
    wait_for_autosave(page, strict=False)
    page.get_by_label("IGF", exact=True).check()
    wait_for_autosave(page)

    footer = page.locator("footer").inner_text()
    assert "Autosave is paused" not in footer
    assert page.locator("#w-autosave-indicator").get_attribute(
        "data-w-autosave-state-value"
    ) == ("saved")
    draft = NewsPage.objects.get(title="IGF 2026 dates announced")
    latest = draft.get_latest_revision_as_object()
    assert [p.acronym for p in latest.processes.all()] == [
        UNProcess.objects.get(slug="igf").acronym
    ]
    assert not draft.live


@pytest.mark.browser
def test_the_block_picker_previews_blocks_with_the_site_styles(site, page):
    index = NewsIndexPage.objects.get()
    log_in(page, site.url)
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{site.url}/admin/pages/add/news/newspage/{index.pk}/")

    page.locator("[data-contentpath=body] button.c-sf-add-button").first.click()
    row = page.locator(
        ".w-combobox__option-row",
        has=page.get_by_role("option", name="Heading", exact=True),
    )
    row.locator("button.w-combobox__option-preview").click()
    preview = page.frame_locator("iframe[src*='/admin/block-preview/']").last
    heading = preview.locator("h2.block-heading")
    heading.wait_for(timeout=10_000)

    assert heading.inner_text() == "Why this matters"
    font = heading.evaluate("h => getComputedStyle(h).fontFamily")
    assert "Georgia" in font  # the site's heading font, from site.css
    assert page.get_by_text("A heading that starts a new section of the page.")
    assert [m for m in messages if "Content Security Policy" in m] == []
