"""News on UN processes: the processes, their key dates, and the news pages."""

from .pages import NewsIndexPage, NewsPage, NewsPageTag, RelatedNewsItem
from .processes import KeyDate, KeyDateChange, KeyDateIndexPage, UNProcess

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
