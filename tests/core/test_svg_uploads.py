"""SVG images lose scripts and outside links on every path that stores one."""

import re
from http import HTTPStatus

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

from tests.factories import svg_image

Image = get_image_model()

HOSTILE_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg"
     xmlns:xlink="http://www.w3.org/1999/xlink"
     width="120" height="60" viewBox="0 0 120 60" onload="alert('onload')">
  <script>fetch('/admin/users/')</script>
  <rect width="120" height="60" fill="#0a5" onclick="alert('click')"
        style="fill:url(https://tracker.example/pixel)"/>
  <foreignObject width="10" height="10">
    <div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></div>
  </foreignObject>
  <a xlink:href="javascript:alert('link')"><text y="20">Coalition</text></a>
  <image href="https://tracker.example/beacon.png" width="1" height="1"/>
  <use xlink:href="http://tracker.example/sprite.svg#logo"/>
</svg>"""

# Parses as an image but is not namespaced SVG, so the sanitiser cannot vouch for it.
UNREADABLE_SVG = b'<svg width="10" height="10"><rect width="10" height="10"/></svg>'


def upload(content: bytes = HOSTILE_SVG, name: str = "logo.svg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/svg+xml")


def stored(image) -> str:
    with image.file.open("rb") as file:
        return file.read().decode()


class SvgAssertions(TestCase):
    def assert_harmless(self, svg: str) -> None:
        self.assertIn("<rect", svg, "the drawing itself must survive")
        self.assertNotIn("<script", svg)
        self.assertNotIn("foreignObject", svg)
        self.assertNotIn("javascript:", svg)
        self.assertEqual(re.findall(r"\son[a-z]+\s*=", svg), [])
        # The SVG namespace is a name, not a request; any other URL would be one.
        urls = set(re.findall(r"https?://[^\s\"')]+", svg))
        self.assertEqual(urls - {"http://www.w3.org/2000/svg"}, set())


class AdminSvgUploadTests(SvgAssertions):
    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_superuser("ed", "e@x.org", "pw")
        cls.root = Collection.get_first_root_node()

    def setUp(self):
        self.client.force_login(self.editor)

    def test_add_image_form_stores_a_sanitised_svg(self):
        response = self.client.post(
            reverse("wagtailimages:add"),
            {"title": "Partner logo", "file": upload(), "collection": self.root.pk},
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        image = Image.objects.get(title="Partner logo")
        self.assert_harmless(stored(image))
        self.assertEqual((image.width, image.height), (120, 60))
        self.assertEqual(image.file_size, image.file.size)

    def test_replacing_the_file_on_the_edit_form_sanitises_it(self):
        image = svg_image("Partner logo")
        response = self.client.post(
            reverse("wagtailimages:edit", args=[image.pk]),
            {"title": "Partner logo", "file": upload(), "collection": self.root.pk},
        )
        self.assertEqual(response.status_code, HTTPStatus.FOUND)
        image.refresh_from_db()
        self.assert_harmless(stored(image))

    def test_multiple_uploader_stores_a_sanitised_svg(self):
        response = self.client.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": upload(), "collection": self.root.pk},
        )
        self.assertTrue(response.json()["success"])
        image = Image.objects.get(pk=response.json()["image_id"])
        self.assert_harmless(stored(image))

    def test_upload_parked_while_the_editor_fixes_the_title_is_sanitised(self):
        # A title the form refuses makes Wagtail keep the file aside as an
        # UploadedFile, then copy it into the image outside the form.
        response = self.client.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": upload(), "title": "x" * 300, "collection": self.root.pk},
        )
        upload_id = response.json()["uploaded_file_id"]
        self.assert_harmless(stored(UploadedFile.objects.get(pk=upload_id)))

        prefix = f"uploaded-image-{upload_id}"
        response = self.client.post(
            reverse(
                "wagtailimages:create_multiple_from_uploaded_image", args=[upload_id]
            ),
            {f"{prefix}-title": "Partner logo", f"{prefix}-collection": self.root.pk},
        )
        self.assertTrue(response.json()["success"])
        self.assert_harmless(stored(Image.objects.get(pk=response.json()["image_id"])))

    def test_an_svg_the_sanitiser_cannot_read_is_refused_with_a_clear_message(self):
        response = self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Odd logo",
                "file": upload(UNREADABLE_SVG),
                "collection": self.root.pk,
            },
        )
        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertContains(response, "This SVG file could not be read")
        self.assertFalse(Image.objects.filter(title="Odd logo").exists())

        response = self.client.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": upload(UNREADABLE_SVG), "collection": self.root.pk},
        )
        data = response.json()
        self.assertFalse(data["success"])
        self.assertIn("This SVG file could not be read", data["error_message"])

    def test_an_svg_with_entity_declarations_gets_the_svg_advice(self):
        laughs = (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b"<text>&b;</text></svg>"
        )
        response = self.client.post(
            reverse("wagtailimages:add"),
            {"title": "Laughs", "file": upload(laughs), "collection": self.root.pk},
        )
        self.assertContains(response, "This SVG file could not be read")
        self.assertFalse(Image.objects.filter(title="Laughs").exists())


class ModelSvgSafetyNetTests(SvgAssertions):
    def test_an_svg_saved_outside_the_admin_forms_is_sanitised(self):
        image = svg_image("Imported logo", HOSTILE_SVG)
        self.assert_harmless(stored(image))
        self.assertEqual(image.file_size, image.file.size)
        self.assertEqual(Image.objects.get(pk=image.pk).file_size, image.file.size)
