"""`make backup` / `make restore` (deploy/backup.py): a backup restored into an
empty database holds the same pages, revisions, signatories and sign-on
requests, and the uploaded files (public media and sign-on logos)."""

import os
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test import TransactionTestCase

import psycopg
import wagtail_factories

from statements.models import SignOnRequest
from tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StatementPageFactory,
    make_site_root,
    sign,
)

ROOT = Path(__file__).resolve().parents[2]
MEDIA = {
    "MEDIA_ROOT": settings.MEDIA_ROOT,
    "PRIVATE_MEDIA_ROOT": settings.PRIVATE_MEDIA_ROOT,
}
# What must come back, table by table (columns compared row for row).
RESTORED = {
    "wagtailcore_page": "id, title, url_path, live",
    "wagtailcore_revision": "id, object_id, content",
    "statements_signatory": "id, name, country, live",
    "statements_signature": "signatory_id, statement_id",
    "wagtailimages_image": "id, title, file",
    "statements_signonrequest": "id, organisation_name, contact_email, status, logo",
}


def database_url(config: dict) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    password = f":{quote(config['PASSWORD'])}" if config.get("PASSWORD") else ""
    return (
        f"postgres://{quote(config['USER'] or '')}{password}"
        f"@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"
    )


def rows(url: str) -> dict[str, list[tuple]]:
    """The compared rows, read with a plain driver connection."""
    if url.startswith("sqlite:///"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"))
    else:
        db = psycopg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        result = {}
        for table, columns in RESTORED.items():
            cursor = db.cursor()
            cursor.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2")  # noqa: S608
            result[table] = [tuple(str(v) for v in row) for row in cursor.fetchall()]
        return result
    finally:
        db.close()


def run(action: str, directory: Path, url: str, media: dict) -> None:
    env = {**os.environ, "DATABASE_URL": url, **{k: str(v) for k, v in media.items()}}
    result = subprocess.run(  # noqa: S603 (the project's own script)
        [sys.executable, "deploy/backup.py", action, str(directory)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


class BackupRestoreTests(TransactionTestCase):
    # The backup reads committed data from another process; restore the
    # migrated contents afterwards, as the migration tests expect.
    serialized_rollback = True

    def test_restore_into_an_empty_database_gives_back_the_same_site(self):
        home = make_site_root()
        statement = StatementPageFactory(parent=home)
        statement.title = "The statement, second version"
        statement.save_revision().publish()
        news = NewsPageFactory(parent=NewsIndexPageFactory(parent=home))
        news.save_revision().publish()
        sign(statement, 3)
        image = wagtail_factories.ImageFactory(title="Coalition logo")
        image_bytes = Path(image.file.path).read_bytes()
        request = SignOnRequest.objects.create(
            statement=statement,
            organisation_name="Registro Exemplar",
            website="https://www.exemplar.pt/",
            contact_name="Ana Silva",
            contact_email="ana@exemplar.pt",
            role="Head of Policy",
            consent_to_listing=True,
            logo=ContentFile(b"\x89PNG sign-on logo", name="logo.png"),
        )

        source = database_url(connection.settings_dict)
        before = rows(source)
        self.assertEqual(len(before["statements_signatory"]), 3)
        self.assertEqual(len(before["statements_signonrequest"]), 1)
        self.assertGreaterEqual(len(before["wagtailcore_revision"]), 2)

        work = Path(tempfile.mkdtemp(prefix="tccm-backup-test-"))
        run("backup", work / "backup", source, MEDIA)

        target, drop = self.empty_database(work)
        try:
            restored = {
                "MEDIA_ROOT": work / "media",
                "PRIVATE_MEDIA_ROOT": work / "private",
            }
            run("restore", work / "backup", target, restored)
            self.assertEqual(rows(target), before)
            self.assertEqual(
                (restored["MEDIA_ROOT"] / image.file.name).read_bytes(), image_bytes
            )
            self.assertEqual(
                (restored["PRIVATE_MEDIA_ROOT"] / request.logo.name).read_bytes(),
                b"\x89PNG sign-on logo",
            )
        finally:
            drop()

    def empty_database(self, work: Path):
        if connection.vendor == "sqlite":
            return f"sqlite:///{work / 'restored.sqlite3'}", lambda: None
        name = f"tccm_restore_{uuid.uuid4().hex[:12]}"
        admin = database_url({**connection.settings_dict, "NAME": "postgres"})
        admin = admin.replace("postgres://", "postgresql://", 1)
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(admin, autocommit=True) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{name}"')

        return database_url({**connection.settings_dict, "NAME": name}), drop
