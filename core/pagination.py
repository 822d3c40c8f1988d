"""Django's Paginator for lists whose total is already known."""

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """A Paginator told the total: listings count it with their facets already,
    so asking the database again would cost a query per page view."""

    def __init__(self, object_list, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def page_of(object_list, per_page: int, count: int, number: str | None) -> Page:
    """The requested page if it exists, else the nearest one (garbage means 1)."""
    return CountedPaginator(object_list, per_page, count).get_page(number)
