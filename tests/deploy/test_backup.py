"""`make backup` / `make restore` (deploy/backup.py): a backup restored into an
empty database holds the same pages, revisions and signatories, and the media."""

import os
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase

import psycopg
import wagtail_factories

from tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StatementPageFactory,
    make_site_root,
    sign,
)

ROOT = Path(__file__).resolve().parents[2]
# What must come back, table by table (columns compared row for row).
RESTORED = {
    "wagtailcore_page": "id, title, url_path, live",
    "wagtailcore_revision": "id, object_id, content",
    "statements_signatory": "id, name, country, live",
    "statements_signature": "signatory_id, statement_id",
    "wagtailimages_image": "id, title, file",
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


def run(action: str, directory: Path, url: str, media: Path) -> None:
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media)}
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

        source = database_url(connection.settings_dict)
        before = rows(source)
        self.assertEqual(len(before["statements_signatory"]), 3)
        self.assertGreaterEqual(len(before["wagtailcore_revision"]), 2)

        work = Path(tempfile.mkdtemp(prefix="tccm-backup-test-"))
        run("backup", work / "backup", source, Path(settings.MEDIA_ROOT))

        target, drop = self.empty_database(work)
        try:
            restored_media = work / "media"
            run("restore", work / "backup", target, restored_media)
            self.assertEqual(rows(target), before)
            self.assertEqual(
                (restored_media / image.file.name).read_bytes(), image_bytes
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
