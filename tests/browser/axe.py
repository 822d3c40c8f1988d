"""axe-core as our standard asks: WCAG 2.2 AA, including target size, which
axe-core ships switched off (a link smaller than 24 × 24 px passed unseen)."""

from axe_playwright_python.sync_playwright import Axe

OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
_axe = Axe()


def axe_report(page) -> str:
    """The violations axe finds on the page as a readable report, or ''."""
    results = _axe.run(page, options=OPTIONS)
    return results.generate_report() if results.violations_count else ""
