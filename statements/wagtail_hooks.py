from wagtail.snippets.models import register_snippet

from .viewsets import CoalitionViewSetGroup

register_snippet(CoalitionViewSetGroup)
