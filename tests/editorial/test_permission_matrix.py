"""Who may do what in the admin: each role × each action × each page type and
snippet, through the admin's own HTTP views.

Most Wagtail security advisories of recent years were permission bugs a
low-privilege editor could reach; this table is our guard. A cell is True when
the role may do it. "Allowed" means the admin serves the screen (or does the
change); "denied" means it refuses (403 or the redirect to the dashboard with
"Sorry, you do not have permission") and nothing changes.
"""

from http import HTTPStatus
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from editorial.roles import COMMS_STAFF, NEWS_EDITORS
from home.models import ContentPage, HomePage
from news.models import KeyDate, KeyDateIndexPage, NewsIndexPage, UNProcess
from statements.models import (
    Signatory,
    StakeholderGroup,
    StatementIndexPage,
    StatementPage,
)
from tests.factories import NewsPageFactory, svg_image

COMMS, EDITOR = "comms", "news_editor"
ROLES = {COMMS: COMMS_STAFF, EDITOR: NEWS_EDITORS}
Y, N = True, False

PAGE_ACTIONS = [
    "view",
    "add",
    "edit",
    "publish",
    "unpublish",
    "delete",
    "copy",
    "move",
    "history",
    "compare",
    "preview",
    "lock",
]

# Page → action → (Comms staff, News editors). "add" means adding a child of
# the type that page accepts; None where the action does not apply.
PAGES = {
    "home page": {
        "view": (Y, N),
        "add": (Y, N),
        "edit": (Y, N),
        "publish": (Y, N),
        "unpublish": (Y, N),
        "delete": (Y, N),
        "copy": (Y, N),
        "move": (Y, N),
        "history": (Y, N),
        "compare": (Y, N),
        "preview": (Y, N),
        "lock": (Y, N),
    },
    "general page": {
        "view": (Y, N),
        "add": (Y, N),
        "edit": (Y, N),
        "publish": (Y, N),
        "unpublish": (Y, N),
        "delete": (Y, N),
        "copy": (Y, N),
        "move": (Y, N),
        "history": (Y, N),
        "compare": (Y, N),
        "preview": (Y, N),
        "lock": (Y, N),
    },
    "statement": {
        "view": (Y, N),
        "add": None,
        "edit": (Y, N),
        "publish": (Y, N),
        "unpublish": (Y, N),
        "delete": (Y, N),
        "copy": (Y, N),
        "move": (Y, N),
        "history": (Y, N),
        "compare": (Y, N),
        "preview": (Y, N),
        "lock": (Y, N),
    },
    "key dates page": {
        "view": (Y, N),
        "add": None,
        "edit": (Y, N),
        "publish": (Y, N),
        "unpublish": (Y, N),
        "delete": (Y, N),
        "copy": (Y, N),
        "move": (Y, N),
        "history": (Y, N),
        "compare": (Y, N),
        "preview": (Y, N),
        "lock": (Y, N),
    },
    "statements index": {
        "view": (Y, N),
        "add": (Y, N),
        "edit": (Y, N),
        "publish": (Y, N),
        "unpublish": (Y, N),
        "delete": (Y, N),
        "copy": (Y, N),
        "move": (Y, N),
        "history": (Y, N),
        "compare": (Y, N),
        "preview": (Y, N),
        "lock": (Y, N),
    },
    "news index": {
        "view": (Y, Y),
        "add": (Y, Y),
        "edit": (Y, N),
        "publish": (Y, N),
        "unpublish": (Y, N),
        "delete": (Y, N),
        "copy": (Y, N),
        "move": (Y, N),
        "history": (Y, N),
        "compare": (Y, N),
        "preview": (Y, N),
        "lock": (Y, N),
    },
    # Someone else's published news item.
    "published news item": {
        "view": (Y, Y),
        "add": None,
        "edit": (Y, N),
        "publish": (Y, N),
        "unpublish": (Y, N),
        "delete": (Y, N),
        "copy": (Y, N),
        "move": (Y, N),
        "history": (Y, N),
        "compare": (Y, N),
        "preview": (Y, N),
        "lock": (Y, N),
    },
    # An item the news editor wrote and Comms staff published: they may
    # propose changes (through review) or start a new item from a copy,
    # never take it down or move it.
    "editor's own published item": {
        "view": (Y, Y),
        "add": None,
        "edit": (Y, Y),
        "publish": (Y, N),
        "unpublish": (Y, N),
        "delete": (Y, N),
        "copy": (Y, Y),
        "move": (Y, N),
        "history": (Y, Y),
        "compare": (Y, Y),
        "preview": (Y, Y),
        "lock": (Y, N),
    },
    # Another member organisation's editor's unpublished draft: Wagtail's
    # explorer lists every item under News to those who may add there, so its
    # title shows; its content may not reach this news editor by any action.
    "another editor's draft": {
        "view": (Y, Y),
        "add": None,
        "edit": (Y, N),
        "publish": (Y, N),
        "unpublish": None,
        "delete": (Y, N),
        "copy": (Y, N),
        "move": (Y, N),
        "history": (Y, N),
        "compare": (Y, N),
        "preview": (Y, N),
        "lock": (Y, N),
    },
    # A draft the news editor wrote: theirs to finish, not to publish.
    "editor's own draft": {
        "view": (Y, Y),
        "add": None,
        "edit": (Y, Y),
        "publish": (Y, N),
        "unpublish": None,
        "delete": (Y, Y),
        "copy": (Y, Y),
        "move": (Y, Y),
        "history": (Y, Y),
        "compare": (Y, Y),
        "preview": (Y, Y),
        "lock": (Y, N),
    },
}

SNIPPET_ACTIONS = [
    "view",
    "add",
    "edit",
    "publish",
    "unpublish",
    "delete",
    "copy",
    "history",
    "compare",
    "preview",
    "lock",
]
# Comms staff do everything the snippet supports; news editors nothing.
SNIPPETS = {
    "signatory": Signatory,
    "stakeholder group": StakeholderGroup,
    "UN process": UNProcess,
    "key date": KeyDate,
}

# Other admin areas: name → (Comms staff, News editors).
AREAS = {
    "site settings": (Y, N),
    "users": (N, N),
    "groups": (N, N),
    "workflows": (N, N),
    "redirects": (Y, N),
    "images": (Y, Y),
    "upload image": (Y, Y),
    "image chooser": (Y, Y),
    "edit own image upload": (Y, Y),
    "delete own image upload": (Y, Y),
    "edit another's image": (Y, N),
    "delete another's image": (Y, N),
    "documents": (Y, N),
    "edit a document": (Y, N),
    "delete a document": (Y, N),
    "document chooser": (Y, Y),
    "page chooser": (Y, Y),
    "signatory chooser": (Y, N),
    "stakeholder group chooser": (Y, N),
    "UN process chooser": (Y, N),
    "key date chooser": (Y, N),
    "signatory import": (Y, N),
    "signatory export": (Y, N),
    "key date export": (Y, N),
    "login security": (Y, N),
    "sign-on requests": (Y, N),
}


def snippet_url(model, action: str, *args) -> str:
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


def chooser_url(model) -> str:
    return reverse(model.snippet_viewset.chooser_viewset.get_url_name("choose"))


class PermissionMatrixBase(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The roles exactly as shipped: the loader creates content and roles.
        call_command("load_coalition_content", stdout=StringIO())
        User = get_user_model()
        cls.users = {}
        for key, group_name in ROLES.items():
            user = User.objects.create_user(key, f"{key}@example.org", "pw")
            user.groups.add(Group.objects.get(name=group_name))
            cls.users[key] = user
        author = User.objects.create_user("author", "author@example.org", "pw")
        author.groups.add(Group.objects.get(name=COMMS_STAFF))
        other_editor = User.objects.create_user("other", "other@example.org", "pw")
        other_editor.groups.add(Group.objects.get(name=NEWS_EDITORS))

        home = HomePage.objects.get()
        news_index = NewsIndexPage.objects.get()
        general = home.add_child(instance=ContentPage(title="About", slug="about-x"))
        general.save_revision(user=author).publish()
        statements_index = home.add_child(
            instance=StatementIndexPage(title="Statements", slug="statements-x")
        )
        statements_index.save_revision(user=author).publish()
        targets = {
            "home page": home,
            "general page": general,
            "statement": StatementPage.objects.get(),
            "key dates page": KeyDateIndexPage.objects.get(),
            "statements index": statements_index,
            "news index": news_index,
            "published news item": NewsPageFactory(parent=news_index, owner=author),
            "editor's own published item": NewsPageFactory(
                parent=news_index, owner=cls.users[EDITOR]
            ),
            "another editor's draft": NewsPageFactory(
                parent=news_index, owner=other_editor, live=False
            ),
            "editor's own draft": NewsPageFactory(
                parent=news_index, owner=cls.users[EDITOR], live=False
            ),
        }
        for page in targets.values():
            # Two revisions, so history and compare have something to show,
            # and unpublished changes for publish to act on.
            page.save_revision(user=author)
            page.save_revision(user=author)
        cls.target_ids = {name: page.pk for name, page in targets.items()}
        own_image = svg_image("Uploaded by the news editor")
        other_image = svg_image("Uploaded by Comms staff")
        own_image.uploaded_by_user = cls.users[EDITOR]
        other_image.uploaded_by_user = author
        own_image.save()
        other_image.save()
        document = get_document_model().objects.create(
            title="Annual report",
            file=ContentFile(b"%PDF-1.4", name="report.pdf"),
            uploaded_by_user=author,
        )
        cls.media = {
            "own image": own_image.pk,
            "other image": other_image.pk,
            "document": document.pk,
        }
        for model in SNIPPETS.values():
            obj = model.objects.order_by("pk").first()
            if hasattr(obj, "save_revision"):
                obj.save_revision(user=author)
                obj.save_revision(user=author)

    def as_role(self, role: str, action):
        """The action's outcome for the role, starting from the same state
        for every role (what one role changed is rolled back)."""
        self.client.force_login(self.users[role])
        with transaction.atomic():
            result = action()
            transaction.set_rollback(True)
        return result

    def allowed(self, response, url: str) -> bool:
        if response.status_code in (HTTPStatus.OK, HTTPStatus.CREATED):
            return True
        if response.status_code == HTTPStatus.FORBIDDEN:
            return False
        if response.status_code == HTTPStatus.FOUND:
            target = response.headers["Location"]
            denied = target.rstrip("/") == reverse("wagtailadmin_home").rstrip("/")
            self.assertTrue(denied, f"{url} redirected to {target}")
            return False
        self.fail(f"{url} answered {response.status_code}")

    def get_allowed(self, url: str) -> bool:
        return self.allowed(self.client.get(url), url)


class PagePermissionTests(PermissionMatrixBase):
    def check(self, target: str, action: str) -> None:
        cells = PAGES[target][action]
        if cells is None:
            return
        for role, expected in zip(ROLES, cells, strict=True):
            with self.subTest(role=role, page=target, action=action):
                page = Page.objects.get(pk=self.target_ids[target])
                outcome = self.as_role(
                    role, lambda page=page: getattr(self, f"page_{action}")(page)
                )
                self.assertEqual(outcome, expected, f"{role} {action} {target}")

    def page_view(self, page) -> bool:
        response = self.client.get(reverse("wagtailadmin_explore", args=[page.pk]))
        if response.status_code == HTTPStatus.FOUND:
            return False
        # The explorer may fall back to the user's own section: allowed only
        # when it lists this page's children (or the page itself).
        return self.allowed(response, "explore") and (
            response.context["parent_page"].pk == page.pk
        )

    def page_add(self, page) -> bool:
        model = page.specific_class.creatable_subpage_models()[0]
        return self.get_allowed(
            reverse(
                "wagtailadmin_pages:add",
                args=[model._meta.app_label, model._meta.model_name, page.pk],
            )
        )

    def page_edit(self, page) -> bool:
        return self.get_allowed(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    def page_publish(self, page) -> bool:
        # The editor offers the button only to those who may publish ...
        shown = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        offered = b'name="action-publish"' in shown.content
        # ... and the bulk action publishes only what the user may publish.
        self.client.post(
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
            + f"?id={page.pk}"
        )
        page.refresh_from_db()
        published = not page.has_unpublished_changes and page.live
        self.assertEqual(offered, published, "button and bulk action disagree")
        return published

    def page_unpublish(self, page) -> bool:
        url = reverse("wagtailadmin_pages:unpublish", args=[page.pk])
        allowed = self.get_allowed(url)
        self.client.post(url)
        page.refresh_from_db()
        self.assertEqual(allowed, not page.live, "unpublish screen and effect disagree")
        return allowed

    def page_delete(self, page) -> bool:
        url = reverse("wagtailadmin_pages:delete", args=[page.pk])
        allowed = self.get_allowed(url)
        if not allowed:
            self.client.post(url)
            self.assertTrue(Page.objects.filter(pk=page.pk).exists(), "deleted anyway")
        return allowed

    def page_copy(self, page) -> bool:
        return self.get_allowed(reverse("wagtailadmin_pages:copy", args=[page.pk]))

    def page_move(self, page) -> bool:
        return self.get_allowed(reverse("wagtailadmin_pages:move", args=[page.pk]))

    def page_history(self, page) -> bool:
        return self.get_allowed(reverse("wagtailadmin_pages:history", args=[page.pk]))

    def page_compare(self, page) -> bool:
        first, second = page.revisions.order_by("pk")[:2]
        return self.get_allowed(
            reverse(
                "wagtailadmin_pages:revisions_compare",
                args=[page.pk, first.pk, second.pk],
            )
        )

    def page_preview(self, page) -> bool:
        return self.get_allowed(
            reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        )

    def page_lock(self, page) -> bool:
        self.client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
        page.refresh_from_db()
        return page.locked


class SnippetPermissionTests(PermissionMatrixBase):
    def check(self, name: str, action: str) -> None:
        model = SNIPPETS[name]
        supported = getattr(self, f"supports_{action}", lambda model: True)(model)
        if not supported:
            return
        for role, expected in zip(ROLES, (Y, N), strict=True):
            with self.subTest(role=role, snippet=name, action=action):
                obj = model.objects.order_by("pk").first()
                outcome = self.as_role(
                    role, lambda obj=obj: getattr(self, f"snippet_{action}")(model, obj)
                )
                self.assertEqual(outcome, expected, f"{role} {action} {name}")

    @staticmethod
    def supports_publish(model) -> bool:
        return hasattr(model, "live")

    supports_unpublish = supports_publish

    @staticmethod
    def supports_history(model) -> bool:
        return True

    @staticmethod
    def supports_compare(model) -> bool:
        return hasattr(model, "revisions")

    @staticmethod
    def supports_preview(model) -> bool:
        return hasattr(model, "get_preview_template")

    @staticmethod
    def supports_lock(model) -> bool:
        return hasattr(model, "locked")

    @staticmethod
    def supports_copy(model) -> bool:
        return model.snippet_viewset.copy_view_enabled

    def snippet_view(self, model, obj) -> bool:
        return self.get_allowed(snippet_url(model, "list"))

    def snippet_add(self, model, obj) -> bool:
        return self.get_allowed(snippet_url(model, "add"))

    def snippet_edit(self, model, obj) -> bool:
        return self.get_allowed(snippet_url(model, "edit", obj.pk))

    def snippet_publish(self, model, obj) -> bool:
        # Those who may not edit never reach the form (see "edit"); the form
        # offers Publish only to those who may publish.
        response = self.client.get(snippet_url(model, "edit", obj.pk))
        return response.status_code == HTTPStatus.OK and (
            b'name="action-publish"' in response.content
        )

    def snippet_unpublish(self, model, obj) -> bool:
        url = snippet_url(model, "unpublish", obj.pk)
        allowed = self.get_allowed(url)
        self.client.post(url)
        obj.refresh_from_db()
        self.assertEqual(allowed, not obj.live, "unpublish screen and effect disagree")
        return allowed

    def snippet_delete(self, model, obj) -> bool:
        url = snippet_url(model, "delete", obj.pk)
        allowed = self.get_allowed(url)
        if not allowed:
            self.client.post(url)
            self.assertTrue(model.objects.filter(pk=obj.pk).exists(), "deleted anyway")
        return allowed

    def snippet_copy(self, model, obj) -> bool:
        return self.get_allowed(snippet_url(model, "copy", obj.pk))

    def snippet_history(self, model, obj) -> bool:
        return self.get_allowed(snippet_url(model, "history", obj.pk))

    def snippet_compare(self, model, obj) -> bool:
        first, second = obj.revisions.order_by("pk")[:2]
        return self.get_allowed(
            snippet_url(model, "revisions_compare", obj.pk, first.pk, second.pk)
        )

    def snippet_preview(self, model, obj) -> bool:
        return self.get_allowed(snippet_url(model, "preview_on_edit", obj.pk))

    def snippet_lock(self, model, obj) -> bool:
        self.client.post(snippet_url(model, "lock", obj.pk))
        obj.refresh_from_db()
        return obj.locked


class AreaPermissionTests(PermissionMatrixBase):
    def area_url(self, name: str) -> str:
        site = Site.objects.get(is_default_site=True)
        urls = {
            "site settings": lambda: reverse(
                "wagtailsettings:edit", args=["core", "sitesettings", site.pk]
            ),
            "users": lambda: reverse("wagtailusers_users:index"),
            "groups": lambda: reverse("wagtailusers_groups:index"),
            "workflows": lambda: reverse("wagtailadmin_workflows:index"),
            "redirects": lambda: reverse("wagtailredirects:index"),
            "images": lambda: reverse("wagtailimages:index"),
            "upload image": lambda: reverse("wagtailimages:add"),
            "image chooser": lambda: reverse("wagtailimages_chooser:choose"),
            "edit own image upload": lambda: reverse(
                "wagtailimages:edit", args=[self.media["own image"]]
            ),
            "delete own image upload": lambda: reverse(
                "wagtailimages:delete", args=[self.media["own image"]]
            ),
            "edit another's image": lambda: reverse(
                "wagtailimages:edit", args=[self.media["other image"]]
            ),
            "delete another's image": lambda: reverse(
                "wagtailimages:delete", args=[self.media["other image"]]
            ),
            "documents": lambda: reverse("wagtaildocs:index"),
            "edit a document": lambda: reverse(
                "wagtaildocs:edit", args=[self.media["document"]]
            ),
            "delete a document": lambda: reverse(
                "wagtaildocs:delete", args=[self.media["document"]]
            ),
            "document chooser": lambda: reverse("wagtaildocs_chooser:choose"),
            "page chooser": lambda: reverse("wagtailadmin_choose_page"),
            "signatory chooser": lambda: reverse(
                Signatory.snippet_viewset.chooser_viewset.get_url_name("choose")
            ),
            "stakeholder group chooser": lambda: chooser_url(StakeholderGroup),
            "UN process chooser": lambda: chooser_url(UNProcess),
            "key date chooser": lambda: chooser_url(KeyDate),
            "signatory import": lambda: reverse(
                Signatory.snippet_viewset.import_url_name
            ),
            "signatory export": lambda: snippet_url(Signatory, "list") + "?export=csv",
            "key date export": lambda: snippet_url(KeyDate, "list") + "?export=csv",
            "login security": lambda: reverse("login_security"),
            "sign-on requests": lambda: reverse("sign_on_requests:index"),
        }
        return urls[name]()

    def check(self, name: str) -> None:
        for role, expected in zip(ROLES, AREAS[name], strict=True):
            with self.subTest(role=role, area=name):
                url = self.area_url(name)
                outcome = self.as_role(role, lambda url=url: self.get_allowed(url))
                self.assertEqual(outcome, expected, f"{role} {name}")


class ReviewPermissionTests(PermissionMatrixBase):
    """Approve and request changes, the review's two actions: Comms staff
    only; a news editor cannot wave through even their own submission."""

    def submit_own_draft(self):
        page = Page.objects.get(pk=self.target_ids["editor's own draft"]).specific
        page.get_workflow().start(page, self.users[EDITOR])
        return page, page.current_workflow_task_state

    def review(self, action: str) -> None:
        for role, expected in zip(ROLES, (Y, N), strict=True):
            with self.subTest(role=role, action=action):

                def act():
                    page, task_state = self.submit_own_draft()
                    url = reverse(
                        "wagtailadmin_pages:workflow_action",
                        args=[page.pk, action, task_state.pk],
                    )
                    allowed = self.get_allowed(url)
                    self.client.post(url, {"comment": "Looks fine."})
                    task_state.refresh_from_db()
                    acted = task_state.status != task_state.STATUS_IN_PROGRESS
                    self.assertEqual(allowed, acted, "form and effect disagree")
                    page.refresh_from_db()
                    if action == "approve":
                        self.assertEqual(page.live, acted)
                    return acted

                self.assertEqual(self.as_role(role, act), expected, f"{role} {action}")

    def test_approve(self):
        self.review("approve")

    def test_request_changes(self):
        self.review("reject")


def _generate():
    for target, actions in PAGES.items():
        for action in PAGE_ACTIONS:
            if actions[action] is not None:
                name = f"test_{action}_{target}".replace(" ", "_").replace("'", "")
                setattr(
                    PagePermissionTests,
                    name,
                    lambda self, t=target, a=action: self.check(t, a),
                )
    for snippet in SNIPPETS:
        for action in SNIPPET_ACTIONS:
            name = f"test_{action}_{snippet}".replace(" ", "_")
            setattr(
                SnippetPermissionTests,
                name,
                lambda self, s=snippet, a=action: self.check(s, a),
            )
    for area in AREAS:
        setattr(
            AreaPermissionTests,
            f"test_{area}".replace(" ", "_"),
            lambda self, a=area: self.check(a),
        )


_generate()
