"""StreamField blocks shared by the home, statement and news pages.

Every block an editor can pick has a description and a realistic example
(preview_value), which Wagtail shows in the block picker; the preview renders
through templates/wagtailcore/shared/block_preview.html, with the site's CSS.
"""

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock as WagtailEmbedBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.models import Page

from .privacy import publicly_visible

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
SHORT_TEXT_FEATURES = ["bold", "italic", "link"]


class ParagraphBlock(blocks.RichTextBlock):
    """Running text: bold, italic, links and lists; headings are their own block."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        kwargs.setdefault(
            "help_text",
            _(
                "Select words to make them bold, italic or a link. Put headings "
                "in a Heading block, not here."
            ),
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "blocks/paragraph_block.html"
        description = _("Running text with bold, italic, links and lists.")
        preview_value = (
            "<p>The technical success of the Internet is the direct result of the "
            "<b>multistakeholder approach</b>: registries, registrars and network "
            "operators work with governments, business and civil society.</p>"
            "<ul><li>open participation</li><li>decisions by consensus</li></ul>"
        )


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 for sections, level 3 for sub-sections."""

    text = blocks.CharBlock(
        label=_("Heading text"), max_length=160, help_text=_("Keep it short.")
    )
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Sub-section heading"))],
        default="h2",
        help_text=_("Use a sub-section heading only under a section heading."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"
        description = _("A heading that starts a new section of the page.")
        help_text = _(
            "Headings give the page its outline, for readers and for screen "
            "readers: start with a section heading."
        )
        preview_value = {"text": "Why this matters", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    """A pulled quotation with an optional attribution."""

    quote = blocks.TextBlock(label=_("Quotation"), help_text=_("Without quote marks."))
    attribution = blocks.CharBlock(
        label=_("Who said it"),
        required=False,
        max_length=200,
        help_text=_("Person and organisation, e.g. 'Jane Doe, CIRA'. Optional."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"
        description = _("A highlighted quotation, with who said it.")
        help_text = _("Quote someone's exact words, and say who said them.")
        preview_value = {
            "quote": "An evolved and strengthened multistakeholder approach is the "
            "best path forward.",
            "attribution": "TCCM joint statement",
        }


class LinkStructValue(blocks.StructValue):
    """Resolves the block's link to one URL, whichever kind the editor chose."""

    def url(self) -> str:
        page = self.get("link_page")
        if page:
            # No link to a page the public may not see (core.privacy).
            if not publicly_visible(Page.objects.filter(pk=page.pk)).exists():
                return ""
            return page.url
        return self.get("link_url") or ""


class CalloutBlock(blocks.StructBlock):
    """A boxed message that stands out from the text, optionally with a link."""

    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=120,
        help_text=_("Optional short title for the box."),
    )
    text = blocks.RichTextBlock(
        label=_("Text"), features=SHORT_TEXT_FEATURES, help_text=_("The message.")
    )
    link_page = blocks.PageChooserBlock(
        label=_("Link to a page on this site"),
        required=False,
        help_text=_("Choose a page, or give a web address below, not both."),
    )
    link_url = blocks.URLBlock(
        label=_("Or link to a web address"),
        required=False,
        help_text=_("A full address starting with https://"),
    )
    link_text = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=80,
        help_text=_("What the link says, e.g. 'Read the statement'."),
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value.get("link_page") and value.get("link_url"):
            errors["link_url"] = ErrorList(
                [ValidationError(_("Choose a page or a web address, not both."))]
            )
        if (value.get("link_page") or value.get("link_url")) and not value.get(
            "link_text"
        ):
            errors["link_text"] = ErrorList(
                [ValidationError(_("Say what the link is, e.g. 'Read more'."))]
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "warning"
        label = _("Call-out")
        template = "blocks/callout_block.html"
        value_class = LinkStructValue
        description = _("A highlighted box for a key message or call to action.")
        help_text = _(
            "A short message in a box. Add a link to show a button, e.g. to the "
            "statement or a sign-up page."
        )
        preview_value = {
            "heading": "Add your organisation",
            "text": "<p>Registries, registrars and other technical community "
            "organisations can sign the joint statement.</p>",
            "link_url": "https://example.org/join-us/",
            "link_text": "How to sign",
        }


class DescribedImageBlock(ImageBlock):
    """Wagtail's image block (image, decorative, alt text), its fields explained."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        # ImageBlock builds its children itself and takes no help texts for them.
        explained = [
            (
                "image",
                ImageChooserBlock(
                    required=required,
                    help_text=_("Choose a picture from the library or upload one."),
                ),
            ),
            (
                "decorative",
                blocks.BooleanBlock(
                    default=False,
                    required=False,
                    label=_("Image is decorative"),
                    help_text=_(
                        "Tick only if the picture adds nothing to the text, e.g. a "
                        "pattern: screen readers then skip it."
                    ),
                ),
            ),
            (
                "alt_text",
                blocks.CharBlock(
                    required=False,
                    label=_("Alt text"),
                    help_text=_(
                        "What the picture shows, for people who cannot see it, e.g. "
                        "'Delegates in the IGF 2025 plenary hall'."
                    ),
                ),
            ),
        ]
        for name, block in explained:
            block.set_name(name)
            self.child_blocks[name] = block


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its caption and credit."""

    image = DescribedImageBlock(
        label=_("Image"),
        help_text=_(
            "Describe the image for people who cannot see it, or mark it decorative."
        ),
    )
    caption = blocks.CharBlock(
        label=_("Caption"),
        required=False,
        max_length=250,
        help_text=_("Shown under the image. Optional."),
    )
    credit = blocks.CharBlock(
        label=_("Credit"),
        required=False,
        max_length=120,
        help_text=_("Photographer or source, e.g. 'Photo: IGF Secretariat'."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/captioned_image_block.html"
        description = _("A picture with a caption and a credit.")
        help_text = _("A picture across the text. Say what it shows and who took it.")
        # The picture tag needs an uploaded image: the picker shows a drawing
        # instead, so the preview works even while the image library is empty.
        preview_template = "blocks/previews/captioned_image_block.html"
        preview_value = {
            "caption": "Opening session of the Internet Governance Forum 2025.",
            "credit": "Photo: IGF Secretariat",
        }


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a file in the document library, e.g. a PDF of a submission."""

    document = DocumentChooserBlock(
        label=_("Document"), help_text=_("Choose or upload a file.")
    )
    label = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=120,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "blocks/document_link_block.html"
        description = _("A download link to a document such as a PDF.")
        help_text = _(
            "Links to a file in the document library; readers see its type and size."
        )
        # An example file, not one from the library: the picker's preview works
        # before anything is uploaded and never shows a private document.
        preview_value = {
            "document": SimpleNamespace(
                title="TCCM contribution to the WSIS+20 review",
                url="#",
                file_extension="pdf",
                file_size=245_760,
            ),
            "label": "",
        }


class EmbedBlock(blocks.StructBlock):
    """A video or post from YouTube, Vimeo and similar, with a text title."""

    embed = WagtailEmbedBlock(
        label=_("Web address of the video or post"),
        help_text=_("Paste the address of a YouTube, Vimeo or similar page."),
    )
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=160,
        help_text=_("What it is, e.g. 'IGF 2025 opening session (video)'."),
    )

    class Meta:
        icon = "media"
        label = _("Embedded media")
        template = "blocks/embed_block.html"
        description = _("A video or social post shown inside the page.")
        help_text = _(
            "Paste the address of the video or post; the title tells screen-reader "
            "users what it is."
        )
        # Rendering a real embed asks the video site over the network; the picker
        # shows a drawing of the player with the title instead.
        preview_template = "blocks/previews/embed_block.html"
        preview_value = {"title": "IGF 2025 opening session (video)"}


class SocialLinkStructValue(blocks.StructValue):
    """Gives the link's visible text: the editor's label or the platform's name."""

    def text(self) -> str:
        if self.get("label"):
            return self["label"]
        choices = dict(self.block.child_blocks["platform"].field.choices)
        return str(choices.get(self.get("platform"), self.get("platform")))


class SocialLinkBlock(blocks.StructBlock):
    """One of the coalition's social media accounts, shown in the footer."""

    platform = blocks.ChoiceBlock(
        label=_("Platform"),
        choices=[
            ("mastodon", "Mastodon"),
            ("bluesky", "Bluesky"),
            ("linkedin", "LinkedIn"),
            ("x", "X"),
            ("youtube", "YouTube"),
            ("other", _("Other")),
        ],
        help_text=_("Which service the account is on."),
    )
    url = blocks.URLBlock(
        label=_("Address"), help_text=_("Full address of the account page.")
    )
    label = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=60,
        help_text=_("Leave empty to use the platform's name."),
    )

    class Meta:
        icon = "link"
        label = _("Social link")
        template = "blocks/social_link_block.html"
        value_class = SocialLinkStructValue
        description = _("A link to one of the coalition's accounts, in the footer.")
        help_text = _(
            "Choose the service and paste the address of the coalition's page there."
        )
        preview_template = "blocks/previews/social_link_block.html"
        preview_value = {
            "platform": "mastodon",
            "url": "https://mastodon.example/@tccm",
            "label": "",
        }


class BodyStreamBlock(blocks.StreamBlock):
    """Editorial body used by the home and statement pages."""

    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()


class ContentStreamBlock(BodyStreamBlock):
    """A general page's content: the body blocks plus pictures, files and media."""

    image = CaptionedImageBlock()
    document = DocumentLinkBlock()
    embed = EmbedBlock()
