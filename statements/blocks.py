"""Blocks of the statement page: its body and its ordered risk sections."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.forms.utils import ErrorList
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from core.blocks import SHORT_TEXT_FEATURES, BodyStreamBlock


class StatementStreamBlock(BodyStreamBlock):
    """The statement's running text: paragraphs, headings, quotes and call-outs."""


class RiskSectionStructValue(blocks.StructValue):
    """Gives each risk section a stable anchor for the table of contents."""

    def anchor_id(self) -> str:
        return self.get("anchor") or slugify(self.get("title", "")) or "risk"


class RiskSectionBlock(blocks.StructBlock):
    """One risk the statement warns about: short title, anchor, summary, detail."""

    title = blocks.CharBlock(
        label=_("Short title"),
        max_length=120,
        help_text=_("A few words, shown in the table of contents."),
    )
    anchor = blocks.CharBlock(
        label=_("Anchor"),
        required=False,
        max_length=60,
        validators=[validate_slug],
        help_text=_(
            "The end of the link to this section (…/statement/#anchor). Lowercase "
            "letters, numbers and hyphens. Leave empty to make one from the title."
        ),
    )
    summary = blocks.TextBlock(
        label=_("Summary"),
        help_text=_("The risk in one or two sentences, as the statement words it."),
    )
    body = blocks.RichTextBlock(
        label=_("Detail"),
        required=False,
        features=[*SHORT_TEXT_FEATURES, "ol", "ul"],
        help_text=_("Optional longer explanation, evidence or links."),
    )

    class Meta:
        icon = "warning"
        label = _("Risk section")
        template = "blocks/risk_section_block.html"
        value_class = RiskSectionStructValue
        description = _("A risk to multistakeholder governance, with its own anchor.")
        help_text = _(
            "One risk: a short title for the table of contents, a summary in a "
            "sentence or two, and more detail if needed."
        )
        preview_value = {
            "title": "A weakened IGF",
            "anchor": "weakened-igf",
            "summary": "The mandate of the Internet Governance Forum is not renewed.",
            "body": "<p>Without the IGF, governments would discuss Internet policy "
            "without the people who run the Internet's infrastructure.</p>",
        }


class RiskSectionStreamBlock(blocks.StreamBlock):
    """Ordered risk sections; their anchors must be unique on the page."""

    risk = RiskSectionBlock()

    def clean(self, value):
        value = super().clean(value)
        seen: dict[str, int] = {}
        errors = {}
        for index, child in enumerate(value):
            anchor = child.value.anchor_id()
            if anchor in seen:
                errors[index] = StructBlockValidationError(
                    block_errors={
                        "anchor": ErrorList(
                            [
                                ValidationError(
                                    _("Another risk section already uses this anchor.")
                                )
                            ]
                        )
                    }
                )
            seen[anchor] = index
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "warning"
