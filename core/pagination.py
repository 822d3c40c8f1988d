"""Page numbers read from the query string, clamped to the pages that exist."""


def page_count(total: int, per_page: int) -> int:
    """How many pages `total` items fill; an empty list still has one page."""
    return max(1, -(-total // per_page))


def clamp_page(raw: str | None, total: int, per_page: int) -> int:
    """The requested page if it exists, else the nearest one (garbage means 1)."""
    try:
        page = int(raw) if raw is not None else 1
    except ValueError:
        page = 1
    return min(max(page, 1), page_count(total, per_page))
