"""Blocks of a news item's body."""

from django.utils.html import strip_tags

from wagtail import blocks
from wagtail.blocks import StreamValue

from core.blocks import (
    CalloutBlock,
    CaptionedImageBlock,
    DocumentLinkBlock,
    EmbedBlock,
    HeadingBlock,
    ParagraphBlock,
    QuoteBlock,
)


def is_blank_paragraph(child) -> bool:
    source = getattr(child.value, "source", child.value) or ""
    return child.block_type == "paragraph" and not strip_tags(source).strip()


class NewsStreamBlock(blocks.StreamBlock):
    """What a news update is made of: text, pictures, quotes, media and files."""

    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock()
    document = DocumentLinkBlock()
    callout = CalloutBlock()

    def clean(self, value):
        # A new item opens with an empty paragraph; one left empty (say, after
        # adding another with "+") is dropped, not an error to hunt for.
        kept = [
            (child.block_type, child.value, child.id)
            for child in value
            if not is_blank_paragraph(child)
        ]
        if len(kept) < len(value):
            value = StreamValue(self, kept)
        return super().clean(value)
