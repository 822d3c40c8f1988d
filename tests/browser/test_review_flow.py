"""In Chromium: a news editor writes and submits an IGF item from the dashboard,
Comms staff approve it from theirs, and it appears on /news/, the IGF page and
the feed. The walk is counted (page loads, clicks, keystrokes) the way
../shared/tools/editor_walk.py counts the explorer path."""

import json
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest

from editorial.roles import COMMS_STAFF, NEWS_EDITORS

from .autosave import (
    wait_for_autosave,
    wait_until_editing_is_watched,
    watch_autosave,
)

expect = pytest.importorskip("playwright.sync_api").expect

TITLE = "IGF 2026 dates announced"
PASSWORD = "pw-for-browser-walks"


# The Keystroke-Level Model as ../shared/tools/editor_walk.py applies it:
# a click is mental preparation + point + press, a typing action is mental
# preparation + moving the hands to the keyboard, then each keystroke.
KLM_CLICK = 1.35 + 1.10 + 0.10
KLM_TYPING_ACTION = 1.35 + 0.40
KLM_KEYSTROKE = 0.28


class Walk:
    """Counts what a person does: page loads, clicks, keystrokes."""

    def __init__(self, page):
        self.page = page
        self.loads = 0
        self.clicks = 0
        self.keys = 0
        self.typing_actions = 0
        # A full page load; not autosave's address change from /add/ to /edit/.
        page.on("load", lambda _: self._loaded())

    def _loaded(self):
        self.loads += 1

    def click(self, locator):
        locator.click()
        self.clicks += 1

    def type(self, locator, text: str):
        self.click(locator)
        locator.press_sequentially(text)
        self.typed(text)

    def typed(self, text: str):
        self.typing_actions += 1
        self.keys += len(text)

    def reset(self):
        self.loads = self.clicks = self.keys = self.typing_actions = 0

    def figures(self) -> dict:
        klm = (
            self.clicks * KLM_CLICK
            + self.typing_actions * KLM_TYPING_ACTION
            + self.keys * KLM_KEYSTROKE
        )
        return {
            "loads": self.loads,
            "clicks": self.clicks,
            "keys": self.keys,
            "typing_actions": self.typing_actions,
            "klm_seconds": round(klm, 1),
        }


def report(task: str, figures: dict) -> None:
    """Append the walk's figures to $EDITOR_WALK_REPORT (JSON lines), if set."""
    path = os.environ.get("EDITOR_WALK_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"task": task, **figures}) + "\n")


def log_in(page, url: str, username: str) -> None:
    page.goto(url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/admin/")


def make_user(username: str, group: str):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.mark.browser
def test_news_editor_submits_comms_approves_and_it_is_published(site, browser):
    make_user("member-editor", NEWS_EDITORS)
    make_user("comms", COMMS_STAFF)

    context = browser.new_context()
    page = context.new_page()
    watch_autosave(page)
    log_in(page, site.url, "member-editor")
    walk = Walk(page)

    # From the dashboard: Post news, four fields, submit.
    walk.click(page.get_by_role("link", name="Post news"))
    wait_until_editing_is_watched(page)
    walk.type(page.locator("#id_title"), TITLE)
    walk.type(page.locator("#id_summary"), "The IGF will meet in June.")
    # The text starts with an empty paragraph: no "+" and block menu needed.
    walk.type(
        page.locator("#panel-child-content-body-section .public-DraftEditor-content"),
        "The Internet Governance Forum announced its 2026 dates.",
    )
    # Wagtail takes an edit made while an autosave is in flight as saved when
    # that save answers: let the text's autosave answer before the last click.
    wait_for_autosave(page, strict=False)
    walk.click(page.get_by_role("checkbox", name="IGF"))
    # As a person would (and as editor_walk.py does): act once autosave answered.
    wait_for_autosave(page)
    page.wait_for_load_state("networkidle")
    walk.click(
        page.locator(
            "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
        ).first
    )
    with page.expect_navigation():
        walk.click(page.get_by_role("button", name="Submit to Comms review"))
    page.wait_for_load_state("networkidle")
    assert "/edit/" not in page.url, "the submission did not go through"
    editor_walk = walk.figures()
    assert walk.loads <= 3, editor_walk
    assert walk.clicks <= 8, editor_walk

    # Not public yet.
    anonymous = browser.new_context().new_page()
    assert anonymous.goto(site.url + "/news/").ok
    assert TITLE not in anonymous.content()

    # Comms staff approve from the dashboard, with a comment.
    reviewer = browser.new_context().new_page()
    log_in(reviewer, site.url, "comms")
    panel = reviewer.get_by_role("region", name="Awaiting your review")
    expect(panel).to_contain_text(TITLE)
    row = panel.locator("tr", has_text=TITLE)
    row.locator("button[aria-label='Actions'], .w-dropdown__toggle").first.click()
    row.get_by_role("button", name="Approve with comment").click()
    dialog = reviewer.get_by_role("dialog")
    dialog.locator("textarea[name=comment]").fill("Good to go, thanks.")
    dialog.locator("button[type=submit], input[type=submit]").first.click()
    reviewer.wait_for_load_state("networkidle")

    # Pages tell browsers they may keep them a minute (Cache-Control max-age):
    # a visitor arriving now sees the news at once, one who had the listing
    # open sees it on reloading, or within the minute.
    anonymous.reload()
    assert TITLE in anonymous.content()
    anonymous = browser.new_context().new_page()
    for path in (
        "/news/",
        "/news/process/igf/",
        "/news/feed/",
        "/news/process/igf/feed/",
    ):
        response = anonymous.goto(site.url + path)
        assert response.ok, path
        assert TITLE in anonymous.content(), path
    report("post news (news editor, dashboard to submitted)", editor_walk)


@pytest.mark.browser
def test_comms_staff_post_news_and_add_a_signatory_from_the_dashboard(site, browser):
    make_user("comms", COMMS_STAFF)
    page = browser.new_context().new_page()
    watch_autosave(page)
    log_in(page, site.url, "comms")
    walk = Walk(page)

    # Post news: title, summary, one paragraph, IGF, publish.
    walk.click(page.get_by_role("link", name="Post news"))
    wait_until_editing_is_watched(page)
    walk.type(page.locator("#id_title"), "CSTD session opens in Geneva")
    walk.type(page.locator("#id_summary"), "The CSTD meets from 13 April.")
    walk.type(
        page.locator("#panel-child-content-body-section .public-DraftEditor-content"),
        "The Commission on Science and Technology for Development opened its session.",
    )
    # Wagtail takes an edit made while an autosave is in flight as saved when
    # that save answers: let the text's autosave answer before the last click.
    wait_for_autosave(page, strict=False)
    walk.click(page.get_by_role("checkbox", name="IGF"))
    wait_for_autosave(page)
    walk.click(page.locator("footer [data-w-dropdown-target='toggle']").first)
    with page.expect_navigation():
        walk.click(page.get_by_role("button", name="Publish"))
    page.wait_for_load_state("networkidle")
    news = walk.figures()
    report("post news (Comms staff, dashboard to published)", news)
    assert news["loads"] <= 3, news
    assert news["clicks"] <= 8, news
    anonymous = browser.new_context().new_page()
    anonymous.goto(site.url + "/news/process/igf/")
    assert "CSTD session opens in Geneva" in anonymous.content()

    # Add a signatory: name, country, group, publish; the signature of the
    # statement, dated today, is already there.
    page.goto(site.url + "/admin/")
    walk.reset()
    walk.click(page.get_by_role("link", name="Add signatory"))
    page.wait_for_load_state("networkidle")
    walk.type(page.locator("#id_name"), "Registro de Ejemplo")
    walk.click(page.locator("#id_country"))
    page.locator("#id_country").select_option(label="Portugal")
    walk.typed("Portugal")
    walk.click(page.get_by_role("radio", name="ccTLD registry").first)
    walk.click(page.locator("footer [data-w-dropdown-target='toggle']").first)
    with page.expect_navigation():
        walk.click(page.get_by_role("button", name="Publish"))
    page.wait_for_load_state("networkidle")
    assert "/edit/" not in page.url and "/add/" not in page.url, page.locator(
        ".error-message, .help-critical, [role=alert]"
    ).all_inner_texts()
    signatory = walk.figures()
    report("add a signatory (Comms staff, dashboard to published)", signatory)
    anonymous.goto(site.url + "/statement/signatories/")
    assert "Registro de Ejemplo" in anonymous.content()
