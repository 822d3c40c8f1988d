"""The news index at /news/ and the news items under it."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.http import shareable
from core.models import BasePage, IndexPage, SiteSettings, search_engines_panel
from core.pagination import page_of
from core.privacy import publicly_visible, publicly_visible_snippets
from core.public_cache import cached, cached_response
from core.seo import SCHEMA_CONTEXT, image_meta, organisation

from ..blocks import NewsStreamBlock
from ..feeds import NewsAtomFeed, NewsRssFeed
from ..forms import NewsPageForm
from .processes import KeyDate, UNProcess

NEWS_PAGE_SIZE = 20
# Page numbers stop here (500 items): a deeper page would make the database
# walk past every item before it. Older news is reached by year.
NEWS_MAX_PAGES = 25


def one_empty_paragraph() -> list:
    return [("paragraph", "")]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPageQuerySet(PageQuerySet):
    def listing(self) -> "NewsPageQuerySet":
        """Public news, newest first, with what a card shows and nothing more."""
        return (
            publicly_visible(self)
            .defer_streamfields()
            .prefetch_related(
                Prefetch("processes", queryset=UNProcess.objects.public())
            )
            # Both columns are in one index (news_sort_date_idx): the newest
            # items are read in order and the query stops at its LIMIT. The
            # always-true bound is what makes SQLite's planner start from that
            # index rather than scan every page and sort (PostgreSQL weighs
            # the LIMIT itself).
            .filter(sort_date__lte=datetime.date.max)
            .order_by("-sort_date", "-page_ptr_id")
        )

    def about_any_of(self, processes) -> "NewsPageQuerySet":
        """Items tagged with any of `processes`, each once, without DISTINCT (which
        would sort every matching item before the LIMIT)."""
        tags = NewsPage.processes.through.objects.filter(
            newspage_id=OuterRef("pk"), unprocess__in=processes
        )
        return self.filter(Exists(tags))


class NewsPage(BasePage):
    """A news update on one or more UN processes."""

    date = models.DateField(
        _("date shown to readers"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leave empty to use the day it is first published."),
    )
    # The date listings sort and filter by: `date`, else the day it was first
    # published (save() keeps it up to date), never empty, so one index serves
    # the news index, year archives, process pages, feeds and related news.
    sort_date = models.DateField(editable=False)
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences for listings, feeds and search results."),
    )
    hero_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional picture at the top. Give the image a description in the "
            "image library: screen readers read it."
        ),
    )
    hero_caption = models.CharField(
        _("image caption and credit"),
        max_length=250,
        blank=True,
        help_text=_("E.g. 'IGF 2025 opening. Photo: IGF Secretariat'."),
    )
    body = StreamField(
        NewsStreamBlock(),
        verbose_name=_("text"),
        # A new item opens with an empty paragraph to type into, not a "+".
        default=one_empty_paragraph,
        help_text=_("The update itself. Cite the source of each fact with a link."),
    )
    processes = ParentalManyToManyField(
        UNProcess,
        verbose_name=_("UN processes"),
        related_name="news",
        help_text=_(
            "Tick every process this update is about: it appears on their pages "
            "and in their feeds."
        ),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("tags"),
        through=NewsPageTag,
        blank=True,
        help_text=_("Optional keywords, separated by commas."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        # A draft may be saved without one, so autosave works while the editor
        # writes; publishing and submitting for review still require one.
        FieldPanel(
            "processes", widget=forms.CheckboxSelectMultiple, required_on_save=False
        ),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption")],
            heading=_("Main image"),
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel(
            "related_news_items",
            heading=_("Related news"),
            label=_("Related item"),
            help_text=_(
                "Optional. If empty, the latest news on the same processes is shown."
            ),
        ),
    ]
    # Never in the main menu: news items live under the news index.
    promote_panels = [search_engines_panel()]
    base_form_class = NewsPageForm
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    template = "pages/news_page.html"

    objects = PageManager.from_queryset(NewsPageQuerySet)()
    og_type = "article"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [
            models.Index(fields=["sort_date", "page_ptr"], name="news_sort_date_idx")
        ]

    def save(self, *args, **kwargs):
        # Saves limited to some fields (drafts, locks) leave the column alone.
        self.sort_date = self.display_date or timezone.localdate()
        super().save(*args, **kwargs)

    def get_summary(self) -> str:
        return self.summary

    def get_social_image(self) -> dict | None:
        return image_meta(self.hero_image)

    def get_structured_data(self, request, meta: dict) -> list[dict]:
        """The item as a schema.org NewsArticle, published by the coalition."""
        publisher = organisation(SiteSettings.for_request(request))
        article = {
            "@context": SCHEMA_CONTEXT,
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": meta["description"],
            "url": meta["canonical"],
            "mainEntityOfPage": meta["canonical"],
            "image": [meta["image"]["url"]],
            "author": publisher,
            "publisher": publisher,
        }
        if self.display_date:
            article["datePublished"] = self.display_date.isoformat()
        if self.last_published_at:
            article["dateModified"] = self.last_published_at.isoformat()
        return [article]

    @property
    def public_processes(self) -> list[UNProcess]:
        """The processes readers see this item tagged with (drafts left out)."""
        return list(publicly_visible_snippets(self.processes.all()))

    @property
    def display_date(self):
        if self.date:
            return self.date
        return self.first_published_at.date() if self.first_published_at else None

    def related_news(self, limit: int = 3) -> list["NewsPage"]:
        chosen_ids = list(self.related_news_items.values_list("news_id", flat=True))
        if chosen_ids:
            # Editors chose these by hand; each must still be public to show.
            public = NewsPage.objects.listing().filter(pk__in=chosen_ids).in_bulk()
            chosen = [public[pk] for pk in chosen_ids if pk in public]
            return chosen[:limit]
        return list(
            NewsPage.objects.listing()
            .about_any_of(self.processes.all())
            .exclude(pk=self.pk)[:limit]
        )


class RelatedNewsItem(Orderable):
    """A news item an editor chose to show under another."""

    page = ParentalKey(
        NewsPage, on_delete=models.CASCADE, related_name="related_news_items"
    )
    news = models.ForeignKey(
        NewsPage,
        verbose_name=_("news item"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Choose another news item."),
    )

    panels = [PageChooserPanel("news", "news.NewsPage")]


class NewsIndexPage(RoutablePageMixin, IndexPage):
    """/news/: every update, filterable by process and year, with feeds."""

    subpage_types = ["news.NewsPage"]
    template = "pages/news_index_page.html"

    class Meta:
        verbose_name = _("news index")

    def get_sitemap_urls(self, request=None):
        """The index, then one entry per process page."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for process in UNProcess.objects.public():
            urls.append(
                {
                    "location": base
                    + self.reverse_subpage("process", args=[process.slug]),
                    "lastmod": urls[0].get("lastmod") if urls else None,
                }
            )
        return urls

    def news_items(self) -> NewsPageQuerySet:
        return NewsPage.objects.child_of(self).listing()

    @path("")
    def news(self, request):
        return self.listing(request)

    @path("process/<slug:slug>/")
    def process(self, request, slug):
        return self.listing(request, process_slug=slug)

    def listing(self, request, process_slug: str = ""):
        """The news list, optionally for one process; ?year= and ?page= are
        validated, and anything else redirects to the clean address."""
        processes = list(UNProcess.objects.public())
        process = None
        if process_slug:
            process = next((p for p in processes if p.slug == process_slug), None)
            if process is None:
                raise Http404("Unknown process")

        news = self.news_items()
        if process is not None:
            news = news.about_any_of([process])
        years = self.years(news, process)
        year = _int(request.GET.get("year"))
        if year is not None and year not in years:
            year = None
        if year:
            news = news.filter(sort_date__year=year)
        total = years[year] if year else sum(years.values())
        # A year holds few enough items to page through; all years do not.
        shown = total if year else min(total, NEWS_PAGE_SIZE * NEWS_MAX_PAGES)
        page = page_of(news, NEWS_PAGE_SIZE, shown, request.GET.get("page"))

        def params(number: int) -> dict[str, str]:
            wanted = {"year": year, "page": number if number > 1 else None}
            return {k: str(v) for k, v in wanted.items() if v}

        def page_url(number: int) -> str:
            query = urlencode(params(number))
            return f"{request.path}?{query}" if query else request.path

        if request.GET.dict() != params(page.number):
            return redirect(page_url(page.number))

        context = {
            "news_items": list(page.object_list),
            "process": process,
            "processes": processes,
            "years": sorted((y for y in years if y), reverse=True),
            "year": year,
            "total": total,
            # The last page offered, with older items left to the year archives.
            "older_by_year": page.number == page.paginator.num_pages and shown < total,
            "page_number": page.number,
            "last_page": page.paginator.num_pages,
            "previous_url": page_url(page.number - 1) if page.has_previous() else None,
            "next_url": page_url(page.number + 1) if page.has_next() else None,
            # Each page of the list and each year is its own page to search engines.
            "seo": {"canonical": page_url(page.number)},
        }
        if process is not None:
            context["key_dates"] = list(
                KeyDate.objects.public()
                .upcoming()
                .filter(process=process)
                .order_by("start")[:10]
            )
        return self.render(request, context_overrides=context)

    def years(self, news: NewsPageQuerySet, process) -> dict[int, int]:
        """How many public items each year has (the year filter and the total),
        counted once per content change rather than on every request."""
        key = f"news-years:{self.pk}:{process.pk if process else ''}"
        return cached(
            key,
            lambda: dict(
                news.annotate(year=ExtractYear("sort_date"))
                .order_by()
                .values_list("year")
                .annotate(n=Count("pk"))
            ),
        )

    def feed(self, request, feed_class, slug=None):
        """A feed, built once per content change and kept gzipped beside
        (core.public_cache): readers poll them, and they name the one site
        address whatever Host asked. An unknown process is a 404, never stored."""
        kind = "atom" if feed_class is NewsAtomFeed else "rss"

        def build():
            return shareable(feed_class()(request, index=self, slug=slug))

        return cached_response(request, f"news-feed:{self.pk}:{kind}:{slug}", build)

    @path("feed/")
    def rss(self, request):
        return self.feed(request, NewsRssFeed)

    @path("feed/atom/")
    def atom(self, request):
        return self.feed(request, NewsAtomFeed)

    @path("process/<slug:slug>/feed/")
    def process_rss(self, request, slug):
        return self.feed(request, NewsRssFeed, slug)

    @path("process/<slug:slug>/feed/atom/")
    def process_atom(self, request, slug):
        return self.feed(request, NewsAtomFeed, slug)


class KeyDateIndexPage(IndexPage):
    """/key-dates/: upcoming and past key dates, grouped by process."""

    subpage_types: list[str] = []
    template = "pages/key_date_index_page.html"

    class Meta:
        verbose_name = _("key dates page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        dates = list(
            KeyDate.objects.public()
            .select_related("process")
            .prefetch_related("changes")
        )
        upcoming = [d for d in dates if d.is_upcoming]
        past = sorted(
            (d for d in dates if not d.is_upcoming), key=lambda d: d.start, reverse=True
        )
        context["upcoming_by_process"] = group_by_process(upcoming)
        context["past_by_process"] = group_by_process(past)
        url = self.get_full_url(request)
        events = (d.as_event(f"{url}#{d.anchor}") for d in upcoming + past)
        context["seo"] = {"structured_data": [event for event in events if event]}
        return context


def group_by_process(dates: list[KeyDate]) -> list[tuple[UNProcess, list[KeyDate]]]:
    """Keep the dates' order inside each process; processes in their own order."""
    groups: dict[int, tuple[UNProcess, list[KeyDate]]] = {}
    for key_date in dates:
        groups.setdefault(key_date.process_id, (key_date.process, []))[1].append(
            key_date
        )
    return sorted(groups.values(), key=lambda g: (g[0].sort_order, g[0].name))
