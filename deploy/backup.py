"""Back up or restore the database and uploaded media.

    python deploy/backup.py backup [DIR]     # DIR defaults to backups/<UTC time>
    python deploy/backup.py restore DIR      # into an empty database

The database is DATABASE_URL's (SQLite by default): SQLite through its online
backup API (safe while the site runs), PostgreSQL through pg_dump's custom
format and pg_restore (the client tools must match the server's major
version or be newer). Media is MEDIA_ROOT and PRIVATE_MEDIA_ROOT (logos sent
with sign-on requests), each as a tar file; media in an S3 bucket
is not copied (use the bucket's versioning or replication). `make backup` and
`make restore BACKUP=DIR` run this with the project's virtualenv.
"""

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coalition.settings.env import database_from_env, env  # noqa: E402

SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
# Folders of uploaded files: the name inside the backup, and where they live.
MEDIA = {
    "media": ("MEDIA_ROOT", "media"),
    "private-media": ("PRIVATE_MEDIA_ROOT", "private-media"),
}


def database() -> dict:
    return database_from_env(ROOT)


def media_folder(name: str) -> Path:
    variable, default = MEDIA[name]
    return Path(env(variable, str(ROOT / default)))


def pg_env(config: dict) -> dict:
    """libpq's variables for the configured server; the password never appears
    on a command line."""
    values = {
        "PGHOST": config.get("HOST") or "",
        "PGPORT": str(config.get("PORT") or ""),
        "PGUSER": config.get("USER") or "",
        "PGPASSWORD": config.get("PASSWORD") or "",
        "PGDATABASE": config["NAME"],
    }
    return {**os.environ, **{k: v for k, v in values.items() if v}}


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        sys.exit(
            f"{name} not found: install PostgreSQL's client tools (postgresql-client)"
        )
    return path


def backup(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=False)
    config = database()
    if config["ENGINE"].endswith("sqlite3"):
        source = sqlite3.connect(config["NAME"])
        copy = sqlite3.connect(target / SQLITE_FILE)
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        kind = "sqlite"
    elif "postgresql" in config["ENGINE"]:
        subprocess.run(  # noqa: S603
            [
                tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-acl",
                f"--file={target / PG_FILE}",
            ],
            env=pg_env(config),
            check=True,
        )
        kind = "postgresql"
    else:
        sys.exit(f"backup: no backup method for {config['ENGINE']}")
    saved = []
    for name in MEDIA:
        folder = media_folder(name)
        if folder.is_dir():
            with tarfile.open(target / f"{name}.tar.gz", "w:gz") as tar:
                tar.add(folder, arcname=name)
            saved.append(name)
    manifest = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": kind,
        "media": saved,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"backup: {kind} database and media written to {target}")  # noqa: T201


def restore(source: Path) -> None:
    manifest = json.loads((source / "manifest.json").read_text())
    config = database()
    if manifest["database"] == "sqlite":
        if not config["ENGINE"].endswith("sqlite3"):
            sys.exit("restore: this backup is of SQLite; DATABASE_URL is not SQLite")
        path = Path(config["NAME"])
        if path.exists() and path.stat().st_size:
            sys.exit(
                f"restore: {path} exists; move it away first "
                "(restore only fills an empty database)"
            )
        for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        backup_db = sqlite3.connect(source / SQLITE_FILE)
        live = sqlite3.connect(path)
        with live:
            backup_db.backup(live)
        live.close()
        backup_db.close()
    else:
        if "postgresql" not in config["ENGINE"]:
            sys.exit("restore: this backup is of PostgreSQL; DATABASE_URL is not")
        subprocess.run(  # noqa: S603
            [
                tool("pg_restore"),
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                f"--dbname={config['NAME']}",
                str(source / PG_FILE),
            ],
            env=pg_env(config),
            check=True,
        )
    for name in manifest["media"]:
        folder = media_folder(name)
        folder.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / f"{name}.tar.gz") as tar:
            members = [m for m in tar.getmembers() if m.name.startswith(name)]
            for member in members:
                member.name = member.name.removeprefix(name).lstrip("/")
            tar.extractall(folder, [m for m in members if m.name], filter="data")
    print(f"restore: {manifest['database']} database and media from {source}")  # noqa: T201


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["backup", "restore"])
    parser.add_argument("directory", nargs="?")
    args = parser.parse_args()
    if args.action == "backup":
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup(Path(args.directory or ROOT / "backups" / stamp))
    else:
        if not args.directory:
            parser.error("restore needs the backup's directory")
        restore(Path(args.directory))


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as error:
        sys.exit(f"{error.cmd[0]} failed (exit {error.returncode})")
    except FileExistsError as error:
        sys.exit(f"backup: {error.filename} already exists")
