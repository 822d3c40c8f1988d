"""Admin widgets shared by every page type."""

from wagtail.admin.rich_text import DraftailRichTextArea


class InlineAwareDraftailRichTextArea(DraftailRichTextArea):
    """Draftail, without its "type '/' to insert a block" placeholder where there
    is no block to insert.

    Draftail always shows that hint, even in a short field that only allows
    bold, italic and links; there '/' opens an empty menu. Wagtail passes the
    widget's options to Draftail after its defaults, so an empty placeholder
    here replaces the hint (the field's help text says what to write).
    Installed as the default editor in WAGTAILADMIN_RICH_TEXT_EDITORS.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.options.get("blockTypes"):
            self.options["placeholder"] = ""
