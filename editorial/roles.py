"""The editorial roles and the news review workflow, as data.

`sync_roles(apps)` makes the database match this file: the data migration runs
it with the historical app registry, the launch loader with the real one once
the News section exists. Each role gets exactly the permissions listed here:
anything granted by hand on top is removed, so the groups cannot drift into a
back door.
"""

from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

from wagtail.snippets.models import create_extra_permissions

COMMS_STAFF = "Comms staff"
NEWS_EDITORS = "News editors"
REVIEW_WORKFLOW = "Comms review"

# Wagtail's initial data: Root-wide page permissions for anyone put in them.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

EVERY_PAGE = "every page"
NEWS_SECTION = "news section"

SNIPPET_ACTIONS = ("add", "change", "delete", "view", "publish", "lock", "unlock")
MODEL_ACTIONS = ("add", "change", "delete", "view")


def _perms(app_label: str, model: str, actions) -> list[tuple[str, str]]:
    return [(app_label, f"{action}_{model}") for action in actions]


@dataclass(frozen=True)
class Role:
    name: str
    permissions: list[tuple[str, str]]
    # {EVERY_PAGE or NEWS_SECTION: page permission codenames}
    page_permissions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Image and document permissions on the root collection.
    collection_permissions: list[tuple[str, str]] = field(default_factory=list)


ROLES = [
    Role(
        name=COMMS_STAFF,
        permissions=[
            ("wagtailadmin", "access_admin"),
            *_perms("statements", "signatory", SNIPPET_ACTIONS),
            *_perms("statements", "stakeholdergroup", MODEL_ACTIONS),
            *_perms("news", "unprocess", SNIPPET_ACTIONS),
            *_perms("news", "keydate", SNIPPET_ACTIONS),
            ("core", "change_sitesettings"),
            *_perms("wagtailredirects", "redirect", MODEL_ACTIONS),
            # Moderate requests from the join form; they are never added by hand.
            *_perms("statements", "signonrequest", ("view", "change", "delete")),
            # Unlock people locked out after failed logins, and remove the
            # two-factor device of someone who lost their phone.
            ("axes", "view_accessattempt"),
            ("axes", "delete_accessattempt"),
            ("otp_totp", "view_totpdevice"),
            ("otp_totp", "delete_totpdevice"),
        ],
        page_permissions={
            EVERY_PAGE: (
                "add_page",
                "change_page",
                "publish_page",
                "bulk_delete_page",
                "lock_page",
                "unlock_page",
            )
        },
        collection_permissions=[
            *_perms("wagtailimages", "image", ("add", "change", "delete", "choose")),
            *_perms("wagtaildocs", "document", ("add", "change", "delete", "choose")),
        ],
    ),
    Role(
        name=NEWS_EDITORS,
        permissions=[("wagtailadmin", "access_admin")],
        # "add" alone: create news items and edit their own, never publish,
        # never edit the News page itself or other people's items.
        page_permissions={NEWS_SECTION: ("add_page",)},
        collection_permissions=[
            *_perms("wagtailimages", "image", ("add", "choose")),
            # Link to the coalition's published documents from a news item.
            ("wagtaildocs", "choose_document"),
        ],
    ),
]


def sync_roles_in_migration(apps, schema_editor) -> None:
    """The data migrations' step: permissions are normally created after all
    migrations ran; the roles need them now, on a fresh database too."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps)
    create_extra_permissions(global_apps.get_app_config("wagtailsnippets"), apps=apps)
    sync_roles(apps, strict=False)


def sync_roles(apps, *, strict: bool = True) -> list[str]:
    """Make groups, permissions and the review workflow match ROLES.

    With strict=False (the data migration) a permission whose model does not
    exist yet is skipped; the loader runs strictly later. Returns what it skipped.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    Collection = apps.get_model("wagtailcore", "Collection")
    Page = apps.get_model("wagtailcore", "Page")

    skipped: list[str] = []

    def permission(app_label: str, codename: str):
        found = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if found is None:
            if strict:
                raise LookupError(f"Permission {app_label}.{codename} does not exist")
            skipped.append(f"{app_label}.{codename}")
        return found

    def perms(pairs):
        return [p for p in (permission(*pair) for pair in pairs) if p is not None]

    sections = {
        EVERY_PAGE: list(Page.objects.filter(depth=1)),
        NEWS_SECTION: list(
            Page.objects.filter(
                content_type__app_label="news", content_type__model="newsindexpage"
            )
        ),
    }
    root_collection = Collection.objects.filter(depth=1).first()

    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        groups[role.name] = group
        group.permissions.set(perms(role.permissions))

        wanted_pages = {
            (page.pk, perm.pk)
            for section, codenames in role.page_permissions.items()
            for page in sections[section]
            for perm in perms(("wagtailcore", c) for c in codenames)
        }
        existing = GroupPagePermission.objects.filter(group=group)
        existing.exclude(
            pk__in=[
                gpp.pk
                for gpp in existing
                if (gpp.page_id, gpp.permission_id) in wanted_pages
            ]
        ).delete()
        for page_id, perm_id in wanted_pages:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page_id, permission_id=perm_id
            )

        wanted_collections = (
            {p.pk for p in perms(role.collection_permissions)}
            if root_collection
            else set()
        )
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=root_collection, permission_id__in=wanted_collections
        ).delete()
        for perm_id in wanted_collections:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission_id=perm_id
            )

    # Wagtail's default groups give Root-wide page rights to anyone added to them.
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()
    _sync_workflow(apps, groups[COMMS_STAFF], sections)
    return skipped


def _sync_workflow(apps, reviewers, sections) -> None:
    """One review step by Comms staff on the News section; Wagtail's default
    Root-wide workflow (whose reviewers no longer exist) is switched off."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    WorkflowPage.objects.filter(workflow__name=WAGTAIL_DEFAULT_WORKFLOW).delete()
    Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).update(active=False)

    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=REVIEW_WORKFLOW).first()
    if task is None:
        # Historical models skip Task.__init__, which sets the specific type.
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=REVIEW_WORKFLOW, active=True, content_type=content_type
        )
    task.groups.set([reviewers])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    for page in sections[NEWS_SECTION]:
        WorkflowPage.objects.update_or_create(
            page=page, defaults={"workflow": workflow}
        )
