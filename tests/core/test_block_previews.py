"""The block picker: every block an editor can insert has a description and a
preview that renders its example with the site's stylesheet."""

from http import HTTPStatus

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from wagtail.blocks import StreamBlock
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models

from core.blocks import (
    CalloutBlock,
    CaptionedImageBlock,
    DocumentLinkBlock,
    EmbedBlock,
    HeadingBlock,
    ParagraphBlock,
    QuoteBlock,
    SocialLinkBlock,
)
from core.models import SiteSettings
from statements.blocks import RiskSectionBlock

# What each block's preview must show: its example, rendered by the block.
EXAMPLES = {
    ParagraphBlock: "<b>multistakeholder approach</b>",
    HeadingBlock: '<h2 class="block-heading">Why this matters</h2>',
    QuoteBlock: "<figcaption>TCCM joint statement</figcaption>",
    CalloutBlock: '<a class="button" href="https://example.org/join-us/">'
    "How to sign</a>",
    CaptionedImageBlock: '<span class="credit">Photo: IGF Secretariat</span>',
    DocumentLinkBlock: "TCCM contribution to the WSIS+20 review</a>"
    ' <span class="meta">(PDF, 240.0\xa0KB)</span>',
    EmbedBlock: "<figcaption>IGF 2025 opening session (video)</figcaption>",
    RiskSectionBlock: '<section class="risk" id="weakened-igf"',
    SocialLinkBlock: '<a href="https://mastodon.example/@tccm" rel="me noopener">'
    "Mastodon</a>",
}


def pickable_blocks() -> list[tuple[str, object]]:
    """Every block the picker offers: the children of each StreamField on a page
    type or on the site settings."""
    found = []
    for model in [*get_page_models(), SiteSettings]:
        if model is Page:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, StreamField) and field.model is model:
                stream: StreamBlock = field.stream_block
                for name, block in stream.child_blocks.items():
                    found.append((f"{model.__name__}.{field.name}.{name}", block))
    return found


class BlockPickerPreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("staff", "s@x.org", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_every_block_in_a_stream_field_is_covered_here(self):
        self.assertEqual({type(block) for _, block in pickable_blocks()}, set(EXAMPLES))

    def test_every_block_has_a_description_and_help_for_its_form(self):
        for where, block in pickable_blocks():
            with self.subTest(where):
                self.assertTrue(str(block.get_description()).strip())
                help_text = getattr(block.meta, "help_text", None) or getattr(
                    getattr(block, "field", None), "help_text", ""
                )
                self.assertTrue(str(help_text).strip())

    def test_every_block_preview_renders_its_example_with_the_site_styles(self):
        url = reverse("wagtailadmin_block_preview")
        for where, block in pickable_blocks():
            with self.subTest(where):
                self.assertTrue(block.is_previewable)
                response = self.client.get(url, {"id": block.definition_prefix})
                self.assertEqual(response.status_code, HTTPStatus.OK)
                self.assertContains(response, EXAMPLES[type(block)])
                self.assertContains(
                    response, '<link rel="stylesheet" href="/static/css/site.css">'
                )

    def test_the_preview_may_be_framed_by_the_admin_only(self):
        block = pickable_blocks()[0][1]
        response = self.client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )
        policy = response.headers["Content-Security-Policy"]
        self.assertIn("frame-ancestors 'self'", policy)
        self.assertIn("style-src 'self'", policy)
