"""News widgets other pages compose: the latest news and the next key dates."""

from django import template

from ..models import KeyDate, NewsIndexPage

register = template.Library()


@register.inclusion_tag("components/latest_news.html")
def latest_news(news_index: NewsIndexPage | None, count: int = 3) -> dict:
    """The newest public items of a news section, with a link to all of them."""
    if news_index is None:
        return {"items": []}
    return {"index": news_index, "items": list(news_index.news_items()[:count])}


@register.inclusion_tag("components/next_key_dates.html")
def next_key_dates(key_dates_page=None, count: int = 3) -> dict:
    """The next key dates still to come (cancelled ones left out)."""
    dates = (
        KeyDate.objects.public()
        .upcoming()
        .exclude(status=KeyDate.CANCELLED)
        .select_related("process")
        .order_by("start", "pk")[:count]
    )
    return {"key_dates": list(dates), "key_dates_page": key_dates_page}
