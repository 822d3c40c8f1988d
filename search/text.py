"""What a search asked for, and the words it found, marked in context.

Only letters and digits reach the search backend: quotes, operators and
punctuation would otherwise be search syntax (SQLite's FTS5 fails on a lone
quote), so hostile input is just words, or nothing.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from wagtail.rich_text import get_text_for_indexing

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
EXCERPT_LENGTH = 220
# How much text to keep before the first match, for context.
LEAD_IN = 60

WORD = re.compile(r"[^\W_]+")
# Crude English endings, dropped so "registries" marks "registry" and
# "mandates" marks "mandate" (PostgreSQL's stemmer finds these; marking follows).
ENDINGS = ("ies", "es", "s", "ing", "ed")


@dataclass
class Query:
    """A visitor's search: the text as shown back, and the words searched for."""

    text: str = ""
    terms: list[str] = field(default_factory=list)

    @property
    def search_text(self) -> str:
        return " ".join(self.terms)


def parse(raw: str) -> Query:
    text = " ".join(raw.split())[:MAX_QUERY_LENGTH]
    terms: list[str] = []
    for word in WORD.findall(text.lower()):
        if word not in terms:
            terms.append(word)
    return Query(text=text, terms=terms[:MAX_TERMS])


def stems(term: str) -> list[str]:
    forms = [term]
    for ending in ENDINGS:
        if term.endswith(ending) and len(term) - len(ending) >= 3:
            forms.append(term[: -len(ending)])
            break
    return forms


def term_pattern(terms: Iterable[str]) -> re.Pattern | None:
    """Words starting with a term or its stem, longest alternatives first."""
    forms = sorted({form for term in terms for form in stems(term)}, key=len)
    if not forms:
        return None
    alternatives = "|".join(re.escape(form) for form in reversed(forms))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def plain(text: str) -> str:
    """Text or rich text as one line of characters: entities decoded (mark()
    escapes once) and paragraphs kept apart."""
    return " ".join(get_text_for_indexing(text or "").split())


def mark(text: str, pattern: re.Pattern) -> SafeString:
    """`text`, escaped, with every match of `pattern` in <mark>."""
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped)


def window(text: str, start: int, length: int = EXCERPT_LENGTH) -> str:
    """About `length` characters of `text` around position `start`, cut at words."""
    begin = max(0, start - LEAD_IN)
    if begin:
        space = text.find(" ", begin, start)
        begin = space + 1 if space != -1 else begin
    end = begin + length
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > start else end
    excerpt = text[begin:end]
    return ("…" if begin else "") + excerpt + ("…" if end < len(text) else "")


def words_in(text: str, pattern: re.Pattern | None) -> set[str]:
    if pattern is None:
        return set()
    return {match.group().lower() for match in pattern.finditer(text)}


def excerpt(
    texts: Iterable[str],
    pattern: re.Pattern | None,
    length: int = EXCERPT_LENGTH,
    shown: set[str] = frozenset(),
) -> tuple[SafeString, bool]:
    """The passage of `texts` with the most different search words, marked
    (the first such, if several tie); else the first text, shortened. Words
    already `shown` (in the result's title) do not count: a summary says more
    than a footnote that repeats the title. Also says whether any text has a
    search word."""
    first, best, best_count, found = "", None, 0, False
    for text in texts:
        text = plain(text)
        if not text:
            continue
        first = first or text
        words = words_in(text, pattern)
        found = found or bool(words)
        if len(words - shown) > best_count:
            best, best_count = text, len(words - shown)
    if best is not None:
        start = pattern.search(best).start()
        return mark(window(best, start, length), pattern), found
    shortened = Truncator(first).chars(length)
    return (mark(shortened, pattern) if pattern else escape(shortened)), found
