"""The one rule for what the public may see of the page tree.

A page is publicly visible when it is live, has not expired, and no view
restriction (password, login or group) applies to it, to one of its ancestors,
or, for an alias, to its source page or one of the source's ancestors. Every
public surface (page serving, listings, menus, related items, feeds, sitemap,
open data, search) asks this module, so one rule decides everywhere.

Snippets with drafts (DraftStateMixin: UN processes, key dates) follow the
same rule without the tree: published and not past their expiry date.
"""

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction


def _restriction_on_prefix_of(path) -> QuerySet:
    """Restrictions set on the page at `path` or on one of its ancestors.

    Tree paths nest: an ancestor's path is a prefix of its descendants' paths.
    """
    return PageViewRestriction.objects.annotate(
        prefix=Substr(path, 1, Length("page__path"))
    ).filter(prefix=F("page__path"))


# Deep enough for any branch of this site's tree (home, section, item: depth 4).
MAX_BRANCH_DEPTH = 16


def _branch_paths(path) -> list[Substr]:
    """The paths of the page at `path` and of its ancestors, as expressions."""
    return [
        Substr(path, 1, Page.steplen * depth)
        for depth in range(1, MAX_BRANCH_DEPTH + 1)
    ]


def _restricted() -> Exists:
    """True for a page under a restriction, directly or through an alias's source.

    An alias anywhere on the page's branch (the page itself or an ancestor)
    inherits the restrictions of its source's branch, and the expiry of its
    source. The branch is looked up by its exact paths (an index lookup each),
    never by scanning the tree for aliases: at 10,000 news items a scan took
    seconds a listing.
    """
    private_aliases = Page.objects.filter(alias_of__isnull=False).filter(
        Exists(_restriction_on_prefix_of(OuterRef("alias_of__path")))
        | Q(alias_of__expire_at__lte=timezone.now())
    )
    aliased_branch = private_aliases.filter(path__in=_branch_paths(OuterRef("path")))
    # The first test does not depend on the page, so the database runs it once;
    # with no alias of a private page anywhere (the usual case) the per-page
    # branch lookups are skipped.
    return Exists(_restriction_on_prefix_of(OuterRef("path"))) | (
        Exists(private_aliases) & Exists(aliased_branch)
    )


def _expired() -> Q:
    # publish_scheduled unpublishes expired pages (and their aliases) once a
    # minute; until it runs they are still live, so the expiry date decides.
    # Aliases of expired pages are among _restricted()'s private aliases.
    return Q(expire_at__lte=timezone.now())


def publicly_visible(pages: QuerySet) -> QuerySet:
    """The pages of `pages` anyone may see, checked inside the listing's own query."""
    return pages.filter(live=True).exclude(_expired()).exclude(_restricted())


def visible_snippet_q(through: str = "") -> Q:
    """The rule for draft-state snippets (signatories, UN processes, key
    dates): published, and not past its expiry time. `through` is the path
    from the queried model to such a snippet, e.g. "signatory"."""
    prefix = f"{through}__" if through else ""
    # As for pages, the expiry date decides before publish_scheduled runs.
    return Q(**{f"{prefix}live": True}) & (
        Q(**{f"{prefix}expire_at__isnull": True})
        | Q(**{f"{prefix}expire_at__gt": timezone.now()})
    )


def publicly_visible_snippets(objects: QuerySet, through: str = "") -> QuerySet:
    """The draft-state snippets of `objects` anyone may see (visible_snippet_q).

    With `through`, the rows are kept only while the snippet they point at is
    visible (a key date whose process is still a draft must not show its
    process either). Works on modelcluster's in-memory querysets too, as
    previews use them.
    """
    return objects.filter(visible_snippet_q(through))


def page_restrictions(page: Page, ancestors: list[Page]) -> QuerySet:
    """The view restrictions that apply to one page, in one query.

    `ancestors` are the page's ancestors (routing has them in memory); the
    restrictions are those on any prefix of the page's path, or of the path of
    the source of any alias on its branch.
    """
    paths = _prefixes(page.path)
    for node in (page, *ancestors):
        if node.alias_of_id:
            source = Page.objects.only("path").get(pk=node.alias_of_id)
            paths |= _prefixes(source.path)
    return PageViewRestriction.objects.filter(page__path__in=paths)


def past_expiry(page: Page) -> bool:
    return bool(page.expire_at and page.expire_at <= timezone.now())


def is_expired(page: Page) -> bool:
    """Past its expiry time, or an alias of a page that is."""
    if past_expiry(page):
        return True
    return bool(
        page.alias_of_id
        and Page.objects.filter(
            pk=page.alias_of_id, expire_at__lte=timezone.now()
        ).exists()
    )


def _prefixes(path: str) -> set[str]:
    step = Page.steplen
    return {path[:end] for end in range(step, len(path) + 1, step)}
