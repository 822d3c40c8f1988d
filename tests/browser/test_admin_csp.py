"""The admin works under its own Content-Security-Policy: nothing is blocked."""

import contextlib
from pathlib import Path

from django.contrib.auth import get_user_model

import pytest

from statements.models import StatementPage
from tests.factories import PLAIN_SVG

# Like the browser fixture: no Playwright, no test (rather than a collection error).
PlaywrightTimeoutError = pytest.importorskip("playwright.sync_api").TimeoutError


def csp_violations(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m]


@pytest.mark.browser
def test_page_editor_preview_and_image_upload_run_without_csp_violations(
    site, browser, tmp_path: Path
):
    get_user_model().objects.create_superuser("editor", "e@x.org", "pw-for-browser")
    statement = StatementPage.objects.get()
    logo = tmp_path / "logo.svg"
    logo.write_bytes(PLAIN_SVG)

    context = browser.new_context()
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))

    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-browser")
    page.click("button[type=submit]")
    page.wait_for_url(site.url + "/admin/")

    page.goto(f"{site.url}/admin/pages/{statement.pk}/edit/", wait_until="networkidle")
    page.click('[data-side-panel-toggle="preview"]')
    # Wagtail swaps in a fresh iframe on each refresh; take the current one.
    heading = page.frame_locator("iframe.w-preview__iframe").last.locator("h1").first
    with contextlib.suppress(PlaywrightTimeoutError):
        heading.wait_for(timeout=10_000)
    assert csp_violations(messages) == []
    assert statement.title in heading.inner_text(timeout=1_000)

    page.goto(site.url + "/admin/images/multiple/add/", wait_until="networkidle")
    page.set_input_files("#fileupload", str(logo))
    page.locator("#upload-list .upload-success").first.wait_for()

    context.close()
    assert csp_violations(messages) == []
