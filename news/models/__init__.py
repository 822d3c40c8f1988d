"""News on UN processes: the processes, their key dates, and the news pages."""

from .pages import (
    KeyDateIndexPage,
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    RelatedNewsItem,
)
from .processes import KeyDate, KeyDateChange, UNProcess

__all__ = [
    "KeyDate",
    "KeyDateChange",
    "KeyDateIndexPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "RelatedNewsItem",
    "UNProcess",
]
