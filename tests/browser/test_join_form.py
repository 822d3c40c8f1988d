"""The join form in Chromium: axe-clean empty and with errors, focus moves to
the error summary, and a request goes through with JavaScript off."""

import time

import pytest

from statements.models import SignOnRequest

from .axe import axe_report

JOIN = "/statement/join/"


def fill(page) -> None:
    page.fill("#id_organisation_name", "Registro Exemplar")
    page.fill("#id_website", "https://www.exemplar.pt/")
    page.select_option("#id_country", label="Portugal")
    page.fill("#id_contact_name", "Ana Silva")
    page.fill("#id_contact_email", "ana@exemplar.pt")
    page.fill("#id_role", "Head of Policy")
    page.check("#id_consent_to_listing")


@pytest.mark.browser
def test_join_form_is_accessible_with_and_without_errors(site, page):
    page.goto(site.url + JOIN)
    assert axe_report(page) == ""
    assert not page.is_visible("#id_leave_empty"), "the trap shows"

    page.click(".join-form button[type=submit]")
    page.wait_for_selector(".error-summary")
    focused = page.evaluate("() => document.activeElement.className")
    assert "error-summary" in focused
    assert axe_report(page) == ""
    assert page.console_errors == []


@pytest.mark.browser
def test_a_request_goes_through_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + JOIN)
    fill(page)
    time.sleep(3)  # a person takes longer than the form's minimum fill time
    with page.expect_navigation():
        page.click(".join-form button[type=submit]")
    assert page.url.endswith("/statement/join/thanks/"), page.content()[:2000]
    assert "check your email" in page.content().lower()
    assert SignOnRequest.objects.filter(organisation_name="Registro Exemplar").exists()
    context.close()
