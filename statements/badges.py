"""The member kit: a "We signed" badge per signatory, and the HTML to embed it.

The badge is an SVG we write ourselves from three strings (the statement's
title, the organisation's name, the coalition's short name): every one is
escaped for XML, so a name like `<script>` or `A & B` is text, never markup.
"""

import re
import textwrap
import unicodedata
from xml.etree import ElementTree

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

import qrcode
import qrcode.image.svg

WIDTH, HEIGHT = 360, 104
MARGIN = 22
# Longer names are cut with an ellipsis; a line still too wide is squeezed.
MAX_CHARS = 46
# ...but never below this share of its width: wide scripts (Chinese, Japanese,
# Korean) are cut sooner instead, and stay readable.
MIN_SQUEEZE = 0.75
# The statement's title wraps onto two lines of this many characters at most.
TITLE_LINE_CHARS = 54

# Characters XML 1.0 does not allow at all (control characters other than tab
# and newlines, lone surrogates, U+FFFE/U+FFFF): dropped, or the SVG would not parse.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

BRAND, TEXT, MUTED = "#0b4a8b", "#1b1f24", "#4a5561"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def xml_text(value: str) -> str:
    """Text safe inside an SVG element or attribute."""
    return escape(_NOT_XML.sub("", value))


def shorten(value: str, limit: int = MAX_CHARS) -> str:
    value = " ".join(_NOT_XML.sub("", value).split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def text_width(value: str, size: float, bold: bool = False) -> float:
    """A generous estimate of how wide a line renders in a sans-serif font."""
    em = 0.0
    for char in value:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            em += 1.0
        elif char.isupper():
            em += 0.68 if bold else 0.64
        else:
            em += 0.56 if bold else 0.52
    return em * size


def cut_to_width(value: str, width: float, size: float, bold: bool = False) -> str:
    """`value`, cut with an ellipsis until it is no wider than `width`."""
    if text_width(value, size, bold) <= width:
        return value
    while value and text_width(value + "…", size, bold) > width:
        value = value[:-1]
    return value.rstrip() + "…"


def isolated(value: str) -> str:
    """Right-to-left text (Arabic, Hebrew) in a bidi isolate, so it reads in its
    own direction: "(ISOC)" after an Arabic name stays at its end."""
    if any(unicodedata.bidirectional(char) in ("R", "AL") for char in value):
        return f"\u2068{value}\u2069"
    return value


def _line(value: str, y: int, size: int, colour: str, bold: bool = False) -> str:
    """One line of text; cut, then squeezed, if it would overflow the badge."""
    available = WIDTH - MARGIN - 12
    value = cut_to_width(value, available / MIN_SQUEEZE, size, bold)
    fit = ""
    if text_width(value, size, bold) > available:
        fit = f' textLength="{available}" lengthAdjust="spacingAndGlyphs"'
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text x="{MARGIN}" y="{y}" font-size="{size}" fill="{colour}"{weight}{fit}>'
        f"{xml_text(isolated(value))}</text>"
    )


def title_lines(title: str) -> list[str]:
    """The statement's title on at most two lines, the second cut if need be."""
    lines = textwrap.wrap(" ".join(title.split()), TITLE_LINE_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], shorten(" ".join(lines[1:]), TITLE_LINE_CHARS)]
    return lines


def badge_svg(statement_title: str, organisation: str, short_name: str) -> str:
    """The badge: 'We signed', who signed, and the statement."""
    heading = _("We signed · %(name)s") % {"name": short_name}
    label = _("%(organisation)s signed “%(statement)s”") % {
        "organisation": organisation,
        "statement": statement_title,
    }
    lines = [_line(heading.upper(), 26, 13, BRAND, bold=True)]
    lines.append(_line(shorten(organisation), 50, 16, TEXT, bold=True))
    for number, line in enumerate(title_lines(_NOT_XML.sub("", statement_title))):
        lines.append(_line(line, 72 + 17 * number, 12, MUTED))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{xml_text(label)}">'
        f"<title>{xml_text(label)}</title>"
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="{HEIGHT - 2}" rx="6" '
        f'fill="#ffffff" stroke="{BRAND}" stroke-width="2"/>'
        f'<rect x="1" y="1" width="9" height="{HEIGHT - 2}" rx="3" fill="{BRAND}"/>'
        f'<g font-family="{FONT}">{"".join(lines)}</g></svg>'
    )


def badge_snippet(statement_url: str, badge_url: str, statement_title: str) -> str:
    """The HTML a member pastes into its site: the badge, linking to the statement."""
    alt = _("We signed “%(statement)s”") % {"statement": statement_title}
    return format_html(
        '<a href="{}"><img src="{}" width="{}" height="{}" alt="{}"></a>',
        statement_url,
        badge_url,
        WIDTH,
        HEIGHT,
        alt,
    )


def text_link_snippet(statement_url: str, statement_title: str) -> str:
    """A plain link to the statement, for sites that prefer no image."""
    return format_html(
        '<a href="{}">{}</a>',
        statement_url,
        _("We signed “%(statement)s”") % {"statement": statement_title},
    )


def qr_code_svg(url: str, label: str) -> SafeString:
    """A QR code of `url` as inline SVG, for the printed statement."""
    svg = qrcode.make(
        url, image_factory=qrcode.image.svg.SvgPathImage, border=2
    ).get_image()
    svg.attrib.update({"class": "qr-code", "role": "img", "aria-label": label})
    # Path data from the encoder and the attributes above: nothing unescaped.
    return mark_safe(ElementTree.tostring(svg, encoding="unicode"))  # noqa: S308
