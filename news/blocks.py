"""Blocks of a news item's body."""

from wagtail import blocks

from core.blocks import (
    CalloutBlock,
    CaptionedImageBlock,
    DocumentLinkBlock,
    EmbedBlock,
    HeadingBlock,
    ParagraphBlock,
    QuoteBlock,
)


class NewsStreamBlock(blocks.StreamBlock):
    """What a news update is made of: text, pictures, quotes, media and files."""

    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock()
    document = DocumentLinkBlock()
    callout = CalloutBlock()
