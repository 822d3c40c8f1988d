"""The coalition's editor guide (docs/editor-guide.md), inside the admin."""

import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

import markdown

GUIDE = Path(settings.BASE_DIR) / "docs" / "editor-guide.md"
# Screenshots sit next to the guide, so they also show when it is read on a
# code host; the admin serves them from its own address.
IMAGES = GUIDE.with_suffix("")
IMAGE_NAME = re.compile(r"^[a-z0-9-]+\.png$")


class EditorGuideView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "editorial/editor_guide.html"
    page_title = _("Editor guide")
    header_icon = "help"

    @cached_property
    def guide_html(self) -> str:
        html = markdown.markdown(
            GUIDE.read_text(encoding="utf-8"), extensions=["toc", "tables"]
        )
        prefix = reverse("editor_guide")
        # Our own file from the repository, not user input.
        return mark_safe(html.replace(f'src="{IMAGES.name}/', f'src="{prefix}'))  # noqa: S308

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "breadcrumbs_items": self.get_breadcrumbs_items(),
            "guide": self.guide_html,
        }


def guide_image(request, name: str):
    if not IMAGE_NAME.match(name) or not (IMAGES / name).is_file():
        raise Http404
    return FileResponse((IMAGES / name).open("rb"), content_type="image/png")
