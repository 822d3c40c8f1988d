"""The editor guide and its screenshots: every picture the guide shows is in the
repository, small, retaken by docs/screenshots.py, and shown inside the admin."""

import ast
import re
import struct
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "editor-guide.md"
IMAGES = ROOT / "docs" / "editor-guide"
SCRIPT = ROOT / "docs" / "screenshots.py"

MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)")
IMAGE_PATH = re.compile(r"^editor-guide/(?P<name>[a-z0-9-]+)\.png$")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 200 * 1024
MAX_TOTAL = 2560 * 1024
MAX_WIDTH = 1280


def guide_images() -> list[tuple[str, str]]:
    """(alt text, path) of every image in the guide, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    return [(m["alt"], m["src"]) for m in MARKDOWN_IMAGE.finditer(text)]


def script_screenshots() -> list[str]:
    """The SCREENSHOTS tuple of docs/screenshots.py, read without running it
    (importing it builds a site)."""
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(target, "id", None) == "SCREENSHOTS" for target in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise AssertionError("docs/screenshots.py has no SCREENSHOTS")


class GuideImageFileTests(SimpleTestCase):
    def test_every_image_the_guide_shows_is_a_screenshot_in_the_repository(self):
        images = guide_images()
        self.assertTrue(images, "the guide shows no screenshots")
        for alt, src in images:
            with self.subTest(src=src):
                match = IMAGE_PATH.match(src)
                # Relative to docs/, so it shows on a code host as in the admin.
                self.assertIsNotNone(match, "write editor-guide/<name>.png")
                self.assertTrue((IMAGES / f"{match['name']}.png").is_file())
                self.assertTrue(alt.strip(), "describe the picture for screen readers")

    def test_every_screenshot_in_the_folder_is_used_once(self):
        shown = [IMAGE_PATH.match(src)["name"] for _, src in guide_images()]
        self.assertEqual(len(shown), len(set(shown)), "a screenshot is shown twice")
        on_disk = sorted(path.stem for path in IMAGES.iterdir())
        self.assertEqual(on_disk, sorted(shown))
        self.assertEqual(
            sorted(path.name for path in IMAGES.iterdir()),
            [f"{name}.png" for name in on_disk],
        )

    def test_the_script_retakes_exactly_the_screenshots_the_guide_shows(self):
        shown = [IMAGE_PATH.match(src)["name"] for _, src in guide_images()]
        self.assertEqual(sorted(script_screenshots()), sorted(shown))

    def test_screenshots_are_small_pngs(self):
        total = 0
        for path in sorted(IMAGES.glob("*.png")):
            with self.subTest(image=path.name):
                data = path.read_bytes()
                self.assertEqual(data[:8], PNG_SIGNATURE)
                width, height = struct.unpack(">II", data[16:24])
                self.assertLessEqual(width, MAX_WIDTH)
                self.assertGreater(height, 0)
                self.assertLessEqual(len(data), MAX_BYTES)
                total += len(data)
        self.assertLessEqual(total, MAX_TOTAL)


class GuideInAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = get_user_model().objects.create_user("reader", "r@example.org")
        cls.reader.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"
            )
        )

    def setUp(self):
        self.client.force_login(self.reader)

    def test_the_admin_shows_every_screenshot_from_its_own_address(self):
        response = self.client.get(reverse("editor_guide"))
        self.assertEqual(response.status_code, HTTPStatus.OK)
        html = response.content.decode()
        for _, src in guide_images():
            name = IMAGE_PATH.match(src)["name"]
            url = reverse("editor_guide") + f"{name}.png"
            with self.subTest(image=name):
                self.assertIn(f'src="{url}"', html)
                image = self.client.get(url)
                self.assertEqual(image.status_code, HTTPStatus.OK)
                self.assertEqual(image["Content-Type"], "image/png")
                self.assertEqual(
                    b"".join(image.streaming_content),
                    (IMAGES / f"{name}.png").read_bytes(),
                )

    def test_contents_links_lead_to_sections(self):
        html = self.client.get(reverse("editor_guide")).content.decode()
        targets = re.findall(r'<a href="#([^"]+)"', html)
        ids = set(re.findall(r'id="([^"]+)"', html))
        self.assertTrue(targets)
        for target in targets:
            with self.subTest(target=target):
                self.assertIn(target, ids)

    def test_steps_keep_their_sub_lists(self):
        # Python-Markdown nests a list only when indented four spaces; with
        # fewer, the sub-items silently become steps of their own.
        source = GUIDE.read_text(encoding="utf-8")
        shallow = [
            line
            for line in source.splitlines()
            if re.match(r" {1,3}([-*]|\d+\.) ", line)
        ]
        self.assertEqual(shallow, [], "indent sub-lists by four spaces")
        nested = len(re.findall(r"^ {4}([-*]|\d+\.) ", source, re.M))
        self.assertGreater(nested, 0)
        lists = ListDepth()
        lists.feed(self.client.get(reverse("editor_guide")).context["guide"])
        self.assertEqual(lists.nested_items, nested)


class ListDepth(HTMLParser):
    """Counts list items inside another list."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.nested_items = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.depth += 1
        elif tag == "li" and self.depth > 1:
            self.nested_items += 1

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self.depth -= 1
