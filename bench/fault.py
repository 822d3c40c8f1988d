"""Fault run: the database stops mid-load, then comes back.

Starts a PostgreSQL of its own (initdb in a temporary folder, its own port,
never the machine's shared server), loads the launch content, serves it with
gunicorn and the production settings (page cache off, so every request needs
the database), and drives it from a few threads for --seconds. At --stop-at it
stops PostgreSQL (`pg_ctl stop -m fast`), at --start-at starts it again. It
prints a timeline (answers per second), when the 503s began and ended, the
slowest request during the outage, and whether anything stored was lost: a
signatory saved just before the stop must still be there, and the counts of
pages, revisions and signatories must be unchanged.

    python bench/fault.py            # bench/load.sh runs it after the load runs
"""

import argparse
import collections
import contextlib
import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
URLS = ["/", "/statement/", "/news/"]
SAVE_SIGNATORY = (
    "from statements.models import Signatory; "
    "Signatory.objects.create(name='Saved just before the outage', country='CA')"
)
COUNTS_SQL = (
    "SELECT (SELECT count(*) FROM wagtailcore_page),"
    " (SELECT count(*) FROM wagtailcore_revision),"
    " (SELECT count(*) FROM statements_signatory)"
)


def pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    sys.exit(f"fault run: {name} not found (PostgreSQL's server package)")


class Postgres:
    """A throwaway cluster in a temporary folder, run as the postgres user when
    this runs as root (PostgreSQL refuses root)."""

    def __init__(self, port: int):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="tccm-fault-pg-"))
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres", "postgres")

    def run(self, *args: str) -> None:
        subprocess.run(  # noqa: S603
            [*self.as_user, *args], check=True, capture_output=True, timeout=120
        )

    def init(self) -> None:
        data = str(self.dir / "data")
        self.run(pg_bin("initdb"), "-D", data, "-A", "trust", "-U", "postgres")
        self.start()
        self.sql("postgres", "CREATE DATABASE tccm")

    def start(self) -> None:
        self.run(
            pg_bin("pg_ctl"), "-D", str(self.dir / "data"), "-l",
            str(self.dir / "log"), "-w", "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self.run(pg_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "stop")

    def sql(self, db: str, query: str) -> str:
        result = subprocess.run(  # noqa: S603
            [pg_bin("psql"), "-At", self.url(db), "-c", query],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return result.stdout.strip()

    def url(self, db: str = "tccm") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def signal(self, sig: int) -> None:
        """Freeze (SIGSTOP) or thaw (SIGCONT) the server and its backends: a
        database that neither answers nor refuses."""
        pid = int((self.dir / "data" / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(  # noqa: S603
            ["ps", "-o", "pid=", "--ppid", str(pid)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        for target in [pid, *map(int, children)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(target, sig)

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def load(port: int, until: float, start: float, results: list) -> None:
    """One client: requests in a loop until `until`, each recorded as
    (seconds since start, duration, status or 'error')."""
    n = 0
    while time.monotonic() < until:
        url = URLS[n % len(URLS)]
        n += 1
        began = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", url, headers={"X-Forwarded-Proto": "https"})
            status = conn.getresponse().status
            conn.close()
        except OSError:
            status = "error"
            time.sleep(0.05)
        results.append((began - start, time.monotonic() - began, status))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8392)
    parser.add_argument("--pg-port", type=int, default=55439)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=50)
    parser.add_argument("--stop-at", type=float, default=8)
    parser.add_argument("--start-at", type=float, default=18)
    parser.add_argument("--freeze-at", type=float, default=28)
    parser.add_argument("--thaw-at", type=float, default=38)
    args = parser.parse_args()

    pg = Postgres(args.pg_port)
    server = None
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition.settings.production",
        "DATABASE_URL": pg.url(),
        "DB_CONN_MAX_AGE": "60",
        "PAGE_CACHE_SECONDS": "0",
        "CACHE_URL": "locmem://",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "WEB_CONCURRENCY": str(args.workers),
        "LOG_FORMAT": "text",
    }
    env.setdefault("SECRET_KEY", "fault-run-only-" + os.urandom(24).hex())
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    env.setdefault("WAGTAILADMIN_BASE_URL", f"http://127.0.0.1:{args.port}")
    try:
        pg.init()
        manage = [PY, "manage.py"]
        for command in (
            ["migrate", "--noinput", "-v", "0"],
            ["load_coalition_content"],
            ["collectstatic", "--noinput", "-v", "0"],
        ):
            subprocess.run(  # noqa: S603
                manage + command, cwd=ROOT, env=env, check=True, capture_output=True
            )
        (ROOT / "bench/.data").mkdir(parents=True, exist_ok=True)
        log = open(ROOT / "bench/.data/fault-gunicorn.log", "w")  # noqa: SIM115
        server = subprocess.Popen(  # noqa: S603
            [str(Path(PY).parent / "gunicorn"), "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
                conn.request("GET", "/healthz/")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("fault run: gunicorn did not start")

        # A change saved before the outage must survive it.
        subprocess.run(  # noqa: S603
            [*manage, "shell", "-c", SAVE_SIGNATORY],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        results: list = []
        start = time.monotonic()
        until = start + args.seconds
        clients = [
            threading.Thread(target=load, args=(args.port, until, start, results))
            for _ in range(args.clients)
        ]
        for client in clients:
            client.start()
        counts_before = pg.sql("tccm", COUNTS_SQL)
        events = []

        def at(moment: float, what: str, action) -> None:
            time.sleep(max(0, moment - (time.monotonic() - start)))
            began = time.monotonic() - start
            action()
            events.append((began, time.monotonic() - start, what))

        plan = [
            (args.stop_at, "pg_ctl stop -m fast", pg.stop),
            (args.start_at, "pg_ctl start", pg.start),
            (args.freeze_at, "SIGSTOP: silent", lambda: pg.signal(signal.SIGSTOP)),
            (args.thaw_at, "SIGCONT", lambda: pg.signal(signal.SIGCONT)),
        ]
        for moment, what, action in sorted(plan, key=lambda step: step[0]):
            if moment < args.seconds:
                at(moment, what, action)
        for client in clients:
            client.join()
        counts_after = pg.sql("tccm", COUNTS_SQL)
        kept = pg.sql(
            "tccm",
            "SELECT count(*) FROM statements_signatory"
            " WHERE name = 'Saved just before the outage'",
        )
        report(results, events, counts_before, counts_after, kept)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        pg.destroy()


def report(results, events, before, after, kept) -> None:
    results.sort()
    for began, done, what in events:
        print(f"{began:5.1f} s  {what} (done at {done:.1f} s)")
    moments = {what.split(":")[0]: (began, done) for began, done, what in events}
    stopped = moments.get("pg_ctl stop -m fast", (0, 0))[0]
    started = moments.get("pg_ctl start", (0, 0))[1]
    print("second  200  503  other  errors  slowest-ms")
    buckets = collections.defaultdict(list)
    for at, took, status in results:
        buckets[int(at)].append((took, status))
    for second in sorted(buckets):
        answers = buckets[second]
        statuses = collections.Counter(s for _, s in answers)
        other = sum(n for s, n in statuses.items() if s not in (200, 503, "error"))
        print(
            f"{second:6d} {statuses[200]:4d} {statuses[503]:4d} {other:6d}"
            f" {statuses['error']:7d} {max(t for t, _ in answers) * 1000:11.0f}"
        )
    unavailable = [at for at, _, s in results if s == 503]
    after_start = [at for at, _, s in results if s == 200 and at > started]
    during = [took for at, took, _ in results if stopped <= at <= started]
    statuses = collections.Counter(s for *_, s in results)
    print(f"answers: {len(results)}; by status: {dict(statuses)}")
    if unavailable:
        print(
            f"first 503 at {min(unavailable):.1f} s, last at {max(unavailable):.1f} s"
        )
    if after_start:
        print(
            f"first 200 after the restart at {min(after_start):.1f} s"
            f" ({min(after_start) - started:.1f} s after it)"
        )
    if during:
        print(f"slowest answer during the outage: {max(during) * 1000:.0f} ms")
    lost = before != after or kept != "1"
    print(
        f"stored (pages, revisions, signatories): before {before}, after {after};"
        f" signatory saved before the outage {'LOST' if kept != '1' else 'kept'}"
    )
    if lost:
        sys.exit("fault run: data was lost")


if __name__ == "__main__":
    main()
