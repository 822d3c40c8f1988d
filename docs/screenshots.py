"""Take the editor guide's screenshots (docs/editor-guide/*.png) afresh.

Usage: make guide-screenshots   (or: .venv/bin/python docs/screenshots.py)

Builds a throwaway site in a temporary folder (its own SQLite database and
media, whatever DATABASE_URL says), loads the launch content, creates one user
per role and a superuser, serves it with Django's development server on a free
127.0.0.1 port and walks the admin in Debian's Chromium (CHROMIUM to point
elsewhere) through Playwright, as comms staff and a news editor would. The
browser reaches nothing but that server. The folder is deleted at the end.
"""

import argparse
import atexit
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "editor-guide"

# Every screenshot the guide shows, in the order the walk takes them;
# tests/editorial/test_editor_guide.py checks the guide against this list.
SCREENSHOTS = (
    "dashboard-news-editor",
    "news-form",
    "news-submit-menu",
    "dashboard-comms",
    "review-approve",
    "statement-risk-sections",
    "signatory-add",
    "signatory-import",
    "key-date-move",
    "schedule-go-live",
    "login-security",
)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
# A site that lives for a minute on 127.0.0.1, never a real account.
PASSWORD = "guide-screenshots-only"  # noqa: S105
MAX_BYTES = 200 * 1024
SIDEBAR = 200  # the admin's menu, left out of form close-ups

# The throwaway site, set up before Django reads its settings: never the
# developer's database or media, whatever the environment says.
WORKDIR = Path(tempfile.mkdtemp(prefix="tccm-guide-"))
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ.update(
    DJANGO_SETTINGS_MODULE="coalition.settings.dev",
    DATABASE_URL=f"sqlite:///{WORKDIR / 'guide.sqlite3'}",
    MEDIA_ROOT=str(WORKDIR / "media"),
    ADMIN_REQUIRE_2FA="false",
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    TIME_ZONE="UTC",
)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from axes.models import AccessAttempt  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from editorial.roles import COMMS_STAFF, NEWS_EDITORS  # noqa: E402
from news.models import KeyDate, NewsIndexPage  # noqa: E402
from statements.models import StatementPage  # noqa: E402

# (username, first name, last name, group); None is the superuser.
PEOPLE = [
    ("admin", "Site", "Administrator", None),
    ("maya", "Maya", "Okafor", COMMS_STAFF),
    ("jonas", "Jonas", "Berg", NEWS_EDITORS),
    ("lena", "Lena", "Fischer", NEWS_EDITORS),
]
NEWS_TITLE = "IGF 2026: host country and dates announced"


def say(message: str) -> None:
    sys.stderr.write(message + "\n")


def build_site() -> dict:
    """The launch content, the people, and a lockout to show; returns what
    the walk needs to find."""
    call_command("migrate", verbosity=0)
    call_command("load_coalition_content", stdout=io.StringIO())
    User = get_user_model()
    for username, first, last, group in PEOPLE:
        user = User.objects.create_user(
            username,
            f"{username}@example.org",
            PASSWORD,
            first_name=first,
            last_name=last,
            is_staff=group is None,
            is_superuser=group is None,
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
    # Someone mistyped their password five times from a member's office.
    AccessAttempt.objects.create(
        username="lena",
        ip_address="203.0.113.25",
        user_agent="Mozilla/5.0",
        path_info="/admin/login/",
        failures_since_start=5,
        get_data="",
        post_data="",
    )
    # The next exact-day key date, or the latest one once they have all passed.
    exact = KeyDate.objects.filter(live=True, precision="day")
    key_date = (
        exact.filter(start__gte=timezone.localdate()).order_by("start").first()
        or exact.order_by("-start").first()
    )
    return {
        "news_index": NewsIndexPage.objects.get().pk,
        "statement": StatementPage.objects.get().pk,
        "key_date": key_date.pk,
        "key_date_start": key_date.start,
        "key_date_end": key_date.end,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    log = (WORKDIR / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.close()
            say((WORKDIR / "server.log").read_text())
            raise SystemExit("The development server stopped (its log is above).")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("The server did not start within 30 seconds.")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


class Camera:
    """Saves cropped, palette-compressed PNGs and checks they stay small."""

    def __init__(self, out: Path):
        self.out = out
        self.taken: dict[str, int] = {}

    def save(self, name: str, page, clip: dict | None = None) -> None:
        if name not in SCREENSHOTS:
            raise ValueError(f"{name} is not in SCREENSHOTS")
        png = page.screenshot(clip=clip, animations="disabled", caret="hide")
        image = Image.open(io.BytesIO(png)).convert("RGB")
        # The admin has few colours: a 256-colour palette looks the same and
        # takes less than half the bytes (a dashboard: 79 KB down to 33 KB).
        image = image.quantize(colors=256, dither=Image.Dither.NONE)
        path = self.out / f"{name}.png"
        image.save(path, optimize=True)
        self.taken[name] = path.stat().st_size
        say(f"  {path.relative_to(ROOT)}  {self.taken[name] // 1024} KB")


def box(page, *locators, pad: int = 16, left: int | None = None) -> dict:
    """The rectangle around the given elements, padded and kept in the viewport;
    `left` pins its left edge (e.g. just right of the menu)."""
    boxes = [locator.bounding_box() for locator in locators]
    size = page.viewport_size
    x = max(0, min(b["x"] for b in boxes) - pad) if left is None else left
    y = max(0, min(b["y"] for b in boxes) - pad)
    right = min(size["width"], max(b["x"] + b["width"] for b in boxes) + pad)
    bottom = min(size["height"], max(b["y"] + b["height"] for b in boxes) + pad)
    return {"x": x, "y": y, "width": right - x, "height": bottom - y}


class Walk:
    """One browser context per person, all pointed at the throwaway server."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.netloc = urlsplit(base_url).netloc
        self.served = 0
        self.blocked: list[str] = []

    def only_local(self, route) -> None:
        if urlsplit(route.request.url).netloc == self.netloc:
            self.served += 1
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def log_in(self, username: str, height: int = VIEWPORT["height"]):
        context = self.browser.new_context(
            viewport={"width": VIEWPORT["width"], "height": height},
            device_scale_factor=1,
            color_scheme="light",
            reduced_motion="reduce",
            locale="en-GB",
            timezone_id="UTC",
        )
        context.route("**/*", self.only_local)
        page = context.new_page()
        page.goto(self.url("/admin/login/"))
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(self.url("/admin/"))
        return page

    def url(self, path: str) -> str:
        return self.base_url + path

    def open(self, page, path: str) -> None:
        page.goto(self.url(path))
        page.wait_for_load_state("networkidle")


def take_all(browser, base_url: str, site: dict, camera: Camera) -> list[str]:
    walk = Walk(browser, base_url)

    # A news editor posts news and submits it to Comms review.
    editor = walk.log_in("jonas")
    camera.save("dashboard-news-editor", editor)
    editor = walk.log_in("jonas", height=1700)
    editor.get_by_role("link", name="Post news").click()
    editor.wait_for_load_state("networkidle")
    fill_news(editor)
    to_top(editor)
    camera.save(
        "news-form",
        editor,
        box(
            editor,
            editor.locator("header").first,
            editor.locator("[data-contentpath=body]"),
            pad=0,
            left=SIDEBAR,
        ),
    )
    settle(editor)
    footer = editor.locator("footer").first
    footer.locator("[data-w-dropdown-target=toggle]").first.click()
    submit = editor.get_by_role("button", name="Submit to Comms review")
    submit.wait_for()
    camera.save(
        "news-submit-menu",
        editor,
        box(editor, editor.locator("[data-contentpath=body]"), footer, left=SIDEBAR),
    )
    with editor.expect_navigation():
        submit.click()
    succeeded(editor, "Submitting the news item")

    # Comms staff see it on their dashboard and approve it.
    comms = walk.log_in("maya")
    camera.save("dashboard-comms", comms)
    panel = comms.get_by_role("region", name="Awaiting your review")
    panel.locator("[data-w-dropdown-target=toggle]").first.click()
    approve = comms.get_by_role("button", name="Approve with comment")
    approve.wait_for()
    menu = comms.locator(".tippy-box", has=approve)
    camera.save("review-approve", comms, box(comms, panel, menu, left=SIDEBAR))
    approve.click()
    dialog = comms.locator("[role=dialog]", has=comms.get_by_label("Comment"))
    dialog.get_by_label("Comment").fill("Thanks Jonas, good to go.")
    with comms.expect_navigation():
        dialog.get_by_role("button", name="Approve").click()
    comms.wait_for_load_state("networkidle")
    if comms.get_by_role("region", name="Awaiting your review").count():
        raise SystemExit("Approving the news item failed: it still awaits review.")

    statement_risks(walk, site, camera)
    signatory_add(walk, camera)
    signatory_import(comms, walk, site, camera)
    key_date_move(walk, site, camera)
    schedule(comms, walk, site, camera)
    login_security(comms, walk, camera)
    say(f"{walk.served} requests to the test server, {len(walk.blocked)} blocked.")
    return walk.blocked


def settle(page) -> None:
    """Let autosave (half a second after the last keystroke) finish: a submit
    sent while it saves the new item can race it."""
    page.wait_for_timeout(1500)
    page.wait_for_load_state("networkidle")


def succeeded(page, what: str) -> None:
    """Stop with the admin's own words if the last action did not succeed."""
    page.wait_for_load_state("networkidle")
    if page.locator(".messages .success, .w-message--success, [role=status]").count():
        return
    errors = page.locator(
        ".messages, .error-message, .w-field__errors"
    ).all_inner_texts()
    raise SystemExit(f"{what} failed at {page.url}: {' '.join(errors).strip()}")


def fill_news(page) -> None:
    page.fill("#id_title", NEWS_TITLE)
    page.fill(
        "#id_summary",
        "The Internet Governance Forum will meet in June 2026; registration opens "
        "in March.",
    )
    page.get_by_label("IGF", exact=True).check()
    # The text starts with an empty paragraph to type into.
    page.locator(
        "#panel-child-content-body-section .public-DraftEditor-content"
    ).first.click()
    page.keyboard.type(
        "The IGF Secretariat announced the host country and dates of the 2026 "
        "meeting today."
    )


def statement_risks(walk: Walk, site: dict, camera: Camera) -> None:
    page = walk.log_in("maya", height=1400)
    walk.open(page, f"/admin/pages/{site['statement']}/edit/")
    risks = page.locator("#panel-child-content-risks-section")
    # The first risk open, the others folded to their titles.
    toggles = risks.locator(
        "[data-streamfield-child] > section > .w-panel__header [data-panel-toggle]"
    )
    for index in range(1, toggles.count()):
        toggles.nth(index).click()
    centre(risks)
    camera.save("statement-risk-sections", page, box(page, risks, left=SIDEBAR))


def to_top(page) -> None:
    # The admin scrolls its <main>, not the window.
    page.evaluate(
        "() => { window.scrollTo(0, 0);"
        " document.querySelectorAll('main').forEach(m => { m.scrollTop = 0; }); }"
    )
    page.wait_for_timeout(200)


def centre(locator) -> None:
    """Scroll the element to the middle of the viewport, clear of sticky bars."""
    locator.evaluate("element => element.scrollIntoView({block: 'center'})")
    locator.page.wait_for_timeout(200)


def signatory_add(walk: Walk, camera: Camera) -> None:
    page = walk.log_in("maya", height=1900)
    page.get_by_role("link", name="Add signatory").click()
    page.wait_for_load_state("networkidle")
    page.fill("#id_name", "Example Internet Registry")
    page.fill("#id_website", "https://registry.example")
    page.select_option("#id_country", label="Portugal")
    page.get_by_label("ccTLD registry").check()
    for heading in ("Logo", "Private"):
        fold(page, heading)
    to_top(page)
    camera.save(
        "signatory-add",
        page,
        box(
            page,
            page.locator("header").first,
            panel(page, "Statements signed"),
            pad=0,
            left=SIDEBAR,
        ),
    )


def panel(page, heading: str):
    return page.locator(
        "section.w-panel", has=page.get_by_role("heading", name=heading, exact=True)
    ).first


def fold(page, heading: str) -> None:
    panel(page, heading).locator("[data-panel-toggle]").first.click()


def signatory_import(page, walk: Walk, site: dict, camera: Camera) -> None:
    """As from the statement's "Import from CSV" button."""
    walk.open(
        page,
        f"/admin/snippets/statements/signatory/import/?statement={site['statement']}",
    )
    button = page.get_by_role("button", name="Check and import")
    camera.save(
        "signatory-import",
        page,
        box(page, page.locator("header").first, button, pad=0, left=SIDEBAR),
    )


def key_date_move(walk: Walk, site: dict, camera: Camera) -> None:
    page = walk.log_in("maya", height=1400)
    walk.open(page, f"/admin/snippets/news/keydate/edit/{site['key_date']}/")
    week = timezone.timedelta(days=7)
    page.fill("#id_start", (site["key_date_start"] + week).isoformat())
    if site["key_date_end"]:
        page.fill("#id_end", (site["key_date_end"] + week).isoformat())
    page.fill("#id_date_change_note", "Postponed by one week by the ITU Council")
    when = panel(page, "When")
    page.locator("#id_date_change_note").click()  # closes the date picker
    centre(when)
    camera.save("key-date-move", page, box(page, when, left=SIDEBAR))


def schedule(page, walk: Walk, site: dict, camera: Camera) -> None:
    walk.open(page, f"/admin/pages/add/news/newspage/{site['news_index']}/")
    page.locator("[data-side-panel-toggle=status]").click()
    page.locator("[data-a11y-dialog-show=schedule-publishing-dialog]").click()
    dialog = page.locator("#schedule-publishing-dialog .w-dialog__box")
    dialog.wait_for()
    go_live = timezone.localtime().replace(hour=9, minute=0) + timezone.timedelta(
        days=7
    )
    dialog.locator("#id_go_live_at").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    # Choosing the time in the picker closes it, as it does for a person.
    page.locator(".xdsoft_datetimepicker:visible .xdsoft_time.xdsoft_current").click()
    # The whole window: the status panel's "Set schedule" link shows behind.
    camera.save("schedule-go-live", page)


def login_security(page, walk: Walk, camera: Camera) -> None:
    walk.open(page, "/admin/login-security/")
    camera.save(
        "login-security",
        page,
        box(
            page,
            page.locator("header").first,
            page.locator("main table").first,
            left=SIDEBAR,
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args()
    if args.keep:
        atexit.unregister(shutil.rmtree)
        say(f"Keeping {WORKDIR}")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        raise SystemExit(
            f"No Chromium at {CHROMIUM}: apt-get install chromium, or set CHROMIUM."
        )

    say("Building a throwaway site…")
    site = build_site()
    port = free_port()
    server = serve(port)
    atexit.register(stop, server)
    OUT.mkdir(exist_ok=True)
    camera = Camera(OUT)
    say("Taking screenshots:")
    # Playwright's sync API runs an event loop; the ORM work is done by now.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            blocked = take_all(browser, f"http://127.0.0.1:{port}", site, camera)
        finally:
            browser.close()
    for stale in sorted(OUT.glob("*.png")):
        if stale.stem not in SCREENSHOTS:
            stale.unlink()
            say(f"Removed {stale.relative_to(ROOT)}: no longer in SCREENSHOTS")
    missing = [name for name in SCREENSHOTS if name not in camera.taken]
    too_big = [name for name, size in camera.taken.items() if size > MAX_BYTES]
    total = sum(camera.taken.values())
    say(f"{len(camera.taken)} screenshots, {total // 1024} KB in all.")
    for url in blocked:
        say(f"Blocked a request outside the test server: {url}")
    if missing or too_big:
        raise SystemExit(f"Missing: {missing}; over {MAX_BYTES // 1024} KB: {too_big}")


if __name__ == "__main__":
    main()
