"""Admin viewset pieces every app's snippets share."""

from wagtail.admin.auth import permission_denied
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser

# Any of these on the model lets someone pick an item in a chooser.
CHOOSE_PERMISSIONS = {"add", "change", "delete", "view", "publish"}


class ChooserPermissionMixin:
    """Wagtail's snippet choosers only require admin access; ours show a
    library's items (drafts included) only to those with a right on it."""

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(self.model_class)
        if not policy.user_has_any_permission(request.user, CHOOSE_PERMISSIONS):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class StaffSnippetChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = type(
        "ChooseView", (ChooserPermissionMixin, chooser.ChooseView), {}
    )
    choose_results_view_class = type(
        "ChooseResultsView", (ChooserPermissionMixin, chooser.ChooseResultsView), {}
    )
    chosen_view_class = type(
        "ChosenView", (ChooserPermissionMixin, chooser.SnippetChosenView), {}
    )
    chosen_multiple_view_class = type(
        "ChosenMultipleView",
        (ChooserPermissionMixin, chooser.SnippetChosenMultipleView),
        {},
    )
