"""The systemd units in deploy/ run commands that exist, and systemd accepts them."""

import configparser
import shlex
import shutil
import subprocess
from pathlib import Path

from django.core.management import get_commands
from django.test import SimpleTestCase

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
APP = "/srv/tccm/"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / name)
    return parser


class SystemdUnitTests(SimpleTestCase):
    def exec_start(self, name: str) -> list[str]:
        return shlex.split(unit(name)["Service"]["ExecStart"])

    def test_each_process_runs_a_command_of_this_project(self):
        web = self.exec_start("tccm-web.service")
        self.assertEqual(web[0], APP + ".venv/bin/gunicorn")
        self.assertTrue((DEPLOY.parent / web[-1].removeprefix(APP)).is_file())
        commands = get_commands()
        self.assertEqual(
            self.exec_start("tccm-publish-scheduled.service")[-1], "publish_scheduled"
        )
        self.assertIn("publish_scheduled", commands)
        self.assertEqual(self.exec_start("tccm-worker.service")[-1], "db_worker")
        self.assertIn("db_worker", commands)
        purge = self.exec_start("tccm-purge-sign-on.service")[-1]
        self.assertIn(purge, commands)
        backup = self.exec_start("tccm-backup.service")
        self.assertTrue((DEPLOY.parent / backup[1]).is_file())

    def test_timers_start_their_services(self):
        for timer, every in (
            ("tccm-publish-scheduled.timer", "*-*-* *:*:00"),
            ("tccm-backup.timer", "*-*-* 03:15:00"),
            ("tccm-purge-sign-on.timer", "*-*-* 04:00:00"),
        ):
            with self.subTest(timer=timer):
                self.assertEqual(unit(timer)["Timer"]["OnCalendar"], every)
                service = timer.replace(".timer", ".service")
                self.assertIn("Type", unit(service)["Service"])

    def test_every_service_reads_the_environment_file(self):
        for path in DEPLOY.glob("*.service"):
            with self.subTest(unit=path.name):
                service = unit(path.name)["Service"]
                self.assertEqual(service["EnvironmentFile"], APP + ".env")
                self.assertEqual(service["WorkingDirectory"], APP.rstrip("/"))
                self.assertEqual(service["User"], "tccm")

    def test_systemd_finds_nothing_wrong_but_the_missing_install(self):
        analyze = shutil.which("systemd-analyze")
        if analyze is None:
            self.skipTest("systemd-analyze is not installed")
        units = sorted(str(p) for p in DEPLOY.glob("tccm-*.*"))
        result = subprocess.run(  # noqa: S603
            [analyze, "verify", *units], capture_output=True, text=True, timeout=60
        )
        problems = [
            line
            for line in (result.stdout + result.stderr).splitlines()
            # Nothing is installed under /srv/tccm on a test machine.
            if line.strip() and f"{APP}.venv/bin/" not in line
        ]
        self.assertEqual(problems, [])
