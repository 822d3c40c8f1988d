"""/search/?q=: the site search, paginated across the kinds of content."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.models import Site

from .results import SOURCES, kind_label, sources_for
from .text import parse, term_pattern

PAGE_SIZE = 20


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def search(request: HttpRequest) -> HttpResponse:
    """Results in a fixed order of kinds: UN processes and key dates (a few,
    precise answers), then pages by relevance, then signatories; ?type= keeps
    one kind. Malformed parameters are read leniently, never as errors."""
    query = parse(request.GET.get("q", ""))
    kind = request.GET.get("type", "")
    if kind not in {source.key for source in SOURCES}:
        kind = ""
    site = Site.find_for_request(request)
    context = {"query": query, "kind": kind, "hits": [], "facets": [], "total": 0}

    if query.terms and site is not None:
        sources = sources_for(query, term_pattern(query.terms), site)
        counts = {source.key: source.count() for source in sources}
        selected = [s for s in sources if not kind or s.key == kind]
        total = sum(counts[source.key] for source in selected)
        last_page = max(1, -(-total // PAGE_SIZE))
        number = min(_page_number(request.GET.get("page")), last_page)

        offset, wanted, hits = (number - 1) * PAGE_SIZE, PAGE_SIZE, []
        for source in selected:
            count = counts[source.key]
            if offset >= count:
                offset -= count
                continue
            taken = source.hits(offset, min(wanted, count - offset))
            hits += taken
            wanted -= len(taken)
            offset = 0
            if wanted <= 0:
                break

        def url(page: int = 1, of_kind: str = kind) -> str:
            params = {
                "q": query.text,
                "type": of_kind,
                "page": page if page > 1 else "",
            }
            return "?" + urlencode({k: v for k, v in params.items() if v})

        context.update(
            hits=hits,
            total=total,
            page_number=number,
            last_page=last_page,
            first_index=(number - 1) * PAGE_SIZE + 1,
            previous_url=url(number - 1) if number > 1 else None,
            next_url=url(number + 1) if number < last_page else None,
            all_url=url(of_kind=""),
            facets=[
                {
                    "label": kind_label(source.key),
                    "count": counts[source.key],
                    "url": url(of_kind=source.key),
                    "current": source.key == kind,
                }
                for source in sources
                if counts[source.key]
            ],
            kind_label=kind_label(kind) if kind else "",
        )
        canonical = request.path + url(number)
    else:
        canonical = request.path

    title = (
        _("Search results for “%(query)s”") % {"query": query.text}
        if query.text
        else _("Search")
    )
    context["title"] = title
    context["seo"] = {
        "title": title,
        "description": _(
            "Search the coalition's statement, its risk sections, news on UN "
            "processes, key dates and signatories."
        ),
        "canonical": canonical,
    }
    if query.text and (not context["total"] or query.text.lower() != query.search_text):
        # Any text typed in q becomes a page titled with it: only a query of
        # words the site itself holds (every one matched) may be indexed.
        context["seo"]["robots"] = "noindex"
    return TemplateResponse(request, "search/search_results.html", context)
