"""The page editor in a real browser: autosave never pauses while an editor
writes a news item, and the block picker shows styled previews."""

from django.contrib.auth import get_user_model

import pytest

from news.models import NewsIndexPage, NewsPage, UNProcess

# Installed before the editor's scripts run: counts Wagtail's autosave events.
WATCH_AUTOSAVE = """
window.__autosave = {
  saves: 0, successes: 0, errors: [], lastEdit: 0, lastSave: 0, lastAnswer: 0,
};
const edited = () => { window.__autosave.lastEdit = performance.now(); };
document.addEventListener('input', edited, true);
document.addEventListener('change', edited, true);
document.addEventListener('w-autosave:save', () => {
  window.__autosave.saves += 1; window.__autosave.lastSave = performance.now();
});
document.addEventListener('w-autosave:success', () => {
  window.__autosave.successes += 1; window.__autosave.lastAnswer = performance.now();
});
document.addEventListener('w-autosave:error', (event) => {
  window.__autosave.errors.push(event.detail.text);
  window.__autosave.lastAnswer = performance.now();
});
"""
# Quiet: an autosave started after the last edit, and every one is answered.
AUTOSAVE_SETTLED = """() => {
  const w = window.__autosave;
  return w.lastSave > w.lastEdit && w.saves === w.successes + w.errors.length;
}"""


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
    page.add_init_script(WATCH_AUTOSAVE)
    page.goto(f"{site.url}/admin/pages/add/news/newspage/{index.pk}/")

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
    page.get_by_label("IGF", exact=True).check()
    page.wait_for_function(AUTOSAVE_SETTLED, timeout=45_000)

    state = page.evaluate("() => window.__autosave")
    assert state["errors"] == []
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
