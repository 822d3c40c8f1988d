from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .signon.viewsets import SignOnRequestViewSet
from .viewsets import CoalitionViewSetGroup

register_snippet(CoalitionViewSetGroup)


@hooks.register("register_admin_viewset")
def register_sign_on_requests():
    return SignOnRequestViewSet()
