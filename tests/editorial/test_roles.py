"""The roles exist after migrating, and the loader keeps them as defined."""

from io import StringIO

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import TestCase

from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage

from editorial.roles import (
    COMMS_STAFF,
    NEWS_EDITORS,
    REVIEW_WORKFLOW,
    WAGTAIL_DEFAULT_GROUPS,
    WAGTAIL_DEFAULT_WORKFLOW,
)
from news.models import NewsIndexPage


def codenames(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


class RolesAfterMigrationTests(TestCase):
    """What the data migration leaves on a fresh database, before any content."""

    def test_both_roles_exist_and_wagtails_default_groups_do_not(self):
        names = set(Group.objects.values_list("name", flat=True))
        self.assertLessEqual({COMMS_STAFF, NEWS_EDITORS}, names)
        self.assertFalse(names & set(WAGTAIL_DEFAULT_GROUPS))

    def test_comms_staff_get_every_page_and_the_libraries(self):
        comms = Group.objects.get(name=COMMS_STAFF)
        self.assertLessEqual(
            {
                "wagtailadmin.access_admin",
                "statements.publish_signatory",
                "news.publish_keydate",
                "news.publish_unprocess",
                "core.change_sitesettings",
                "axes.delete_accessattempt",
            },
            codenames(comms),
        )
        root = Page.get_first_root_node()
        self.assertTrue(
            GroupPagePermission.objects.filter(
                group=comms, page=root, permission__codename="publish_page"
            ).exists()
        )

    def test_news_editors_may_only_reach_the_admin(self):
        self.assertEqual(
            codenames(Group.objects.get(name=NEWS_EDITORS)),
            {"wagtailadmin.access_admin"},
        )

    def test_wagtails_root_wide_workflow_is_off(self):
        self.assertFalse(
            WorkflowPage.objects.filter(
                workflow__name=WAGTAIL_DEFAULT_WORKFLOW
            ).exists()
        )
        self.assertTrue(Workflow.objects.get(name=REVIEW_WORKFLOW).active)


class LoaderKeepsRolesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_coalition_content", stdout=StringIO())

    def test_news_editors_add_under_news_and_nowhere_else(self):
        editors = Group.objects.get(name=NEWS_EDITORS)
        grants = set(
            GroupPagePermission.objects.filter(group=editors).values_list(
                "page_id", "permission__codename"
            )
        )
        self.assertEqual(grants, {(NewsIndexPage.objects.get().pk, "add_page")})

    def test_comms_review_covers_the_news_section(self):
        news = NewsIndexPage.objects.get()
        self.assertEqual(news.get_workflow().name, REVIEW_WORKFLOW)
        task = Workflow.objects.get(name=REVIEW_WORKFLOW).tasks.get().specific
        self.assertEqual(
            list(task.groups.values_list("name", flat=True)), [COMMS_STAFF]
        )

    def test_rights_granted_by_hand_are_removed_on_the_next_load(self):
        editors = Group.objects.get(name=NEWS_EDITORS)
        editors.permissions.add(Permission.objects.get(codename="publish_signatory"))
        GroupPagePermission.objects.create(
            group=editors,
            page=Page.get_first_root_node(),
            permission=Permission.objects.get(codename="publish_page"),
        )
        Group.objects.create(name="Moderators")
        call_command("load_coalition_content", stdout=StringIO())
        self.assertNotIn("statements.publish_signatory", codenames(editors))
        self.assertFalse(
            GroupPagePermission.objects.filter(
                group=editors, permission__codename="publish_page"
            ).exists()
        )
        self.assertFalse(Group.objects.filter(name="Moderators").exists())

    def test_loading_twice_changes_nothing(self):
        before = (
            GroupPagePermission.objects.count(),
            Permission.objects.filter(group__isnull=False).count(),
            WorkflowPage.objects.count(),
            Workflow.objects.count(),
        )
        call_command("load_coalition_content", stdout=StringIO())
        after = (
            GroupPagePermission.objects.count(),
            Permission.objects.filter(group__isnull=False).count(),
            WorkflowPage.objects.count(),
            Workflow.objects.count(),
        )
        self.assertEqual(before, after)
