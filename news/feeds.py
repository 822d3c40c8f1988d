"""RSS 2.0 and Atom feeds of the news, site-wide and per process."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from core.addresses import absolute_url
from core.models import SiteSettings

from .models.processes import UNProcess

FEED_SIZE = 30


class NewsRssFeed(Feed):
    """The latest news; with a process, only the news tagged with it."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, index, slug=None):
        self.request = request
        process = None
        if slug is not None:
            process = UNProcess.objects.public().filter(slug=slug).first()
            if process is None:
                raise Http404("Unknown process")
        return {"index": index, "process": process}

    def title(self, obj):
        name = SiteSettings.for_request(self.request).short_name
        if obj["process"]:
            return f"{name}: news on {obj['process'].label}"
        return f"{name}: news on UN Internet governance processes"

    def about(self, obj) -> str:
        """The feed's plain-text description."""
        if obj["process"]:
            return obj["process"].description
        return "Updates from the Technical Community Coalition for Multistakeholderism."

    def description(self, obj):
        # Readers render an RSS channel description as HTML.
        return escape(self.about(obj))

    # Every address (and so every Atom id and RSS guid) starts with the site's
    # one address, whatever Host the feed reader asked with.

    def link(self, obj):
        url = obj["index"].get_full_url(self.request)
        if obj["process"]:
            return url + obj["index"].reverse_subpage(
                "process", args=[obj["process"].slug]
            )
        return url

    def feed_url(self, obj):
        return absolute_url(self.request.path)

    def items(self, obj):
        news = obj["index"].news_items()
        if obj["process"]:
            news = news.about_any_of([obj["process"]])
        return news[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # RSS <description> and Atom <summary type="html"> hold HTML; the summary
        # is plain text, so "<ccTLD>" must arrive as text, not as a tag.
        return escape(item.summary)

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        published = item.first_published_at
        if item.date and (published is None or published.date() != item.date):
            return datetime.datetime.combine(item.date, datetime.time(), datetime.UTC)
        return published or timezone.now()

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        return [process.label for process in item.processes.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        # Atom's <subtitle> is written without a type, i.e. as text.
        return self.about(obj)
