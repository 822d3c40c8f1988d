"""Uploaded SVG images are stripped of scripts and outside references before storage.

An SVG is a document, not a picture: opened from /media/ on the site's own domain,
a <script> or onload in it runs with a logged-in editor's rights. svg-hush
(Cloudflare's sanitiser) keeps the drawing and drops everything active.
"""

import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm

from py_svg_hush import filter_svg

UNREADABLE_SVG = _(
    "This SVG file could not be read, so it cannot be checked for safety. "
    "Export it again from your design program as a plain SVG file, "
    "or upload the image as a PNG instead."
)


def is_svg(name: str) -> bool:
    # Wagtail, Django's file serving and web servers all go by the extension.
    return os.path.splitext(name)[1].lower() == ".svg"


def sanitise_svg(data: bytes) -> bytes:
    """The SVG without scripts, event handlers, embedded HTML or outside links."""
    try:
        return filter_svg(data)
    except ValueError as error:
        raise ValidationError(UNREADABLE_SVG, code="unreadable_svg") from error


class SafeImageForm(BaseImageForm):
    """Wagtail's image form (add, edit and multiple upload) that cleans SVG files."""

    def clean(self):
        cleaned_data = super().clean()
        upload = self.files.get(self.add_prefix("file"))
        # Wagtail's own check (Willow) refuses an SVG it cannot parse, e.g. one
        # with entity declarations, as "not a valid image": give the SVG advice.
        if (
            upload is not None
            and is_svg(upload.name)
            and self.has_error("file", "invalid_image")
        ):
            self.errors["file"] = self.error_class([UNREADABLE_SVG])
        return cleaned_data

    def clean_file(self) -> UploadedFile | FieldFile | None:
        file = self.cleaned_data.get("file")
        # On edit without a new upload this is the stored file: nothing to do.
        if not isinstance(file, UploadedFile) or not is_svg(file.name):
            return file
        file.seek(0)
        clean = sanitise_svg(file.read())
        return SimpleUploadedFile(file.name, clean, content_type="image/svg+xml")


def sanitise_field_file(file: FieldFile) -> bool:
    """Rewrite a stored or pending SVG file in place if it still holds active
    content; True when it changed."""
    if not file or not is_svg(file.name):
        return False
    if file._committed:
        with file.storage.open(file.name, "rb") as stored:
            data = stored.read()
    else:
        # Not written yet: Django writes it after pre_save, so leave it readable.
        file.file.seek(0)
        data = file.file.read()
        file.file.seek(0)
    clean = sanitise_svg(data)
    if clean == data:
        return False
    if file._committed:
        # Already in storage (the multiple uploader copies files outside the
        # form): the hostile copy must not stay there.
        file.storage.delete(file.name)
    name = os.path.basename(file.name)
    # Named, so that Django can read the new file's width and height.
    file.save(name, ContentFile(clean, name=name), save=False)
    return True


def sanitise_image_on_save(sender, instance, update_fields=None, **kwargs) -> None:
    """Safety net for images saved outside the admin form. An SVG that cannot be
    read raises ValidationError instead of being stored."""
    if update_fields is not None and "file" not in update_fields:
        return
    if sanitise_field_file(instance.file):
        # Size and hash feed Wagtail's duplicate detection and renditions.
        instance._set_image_file_metadata()


def sanitise_upload_on_save(sender, instance, **kwargs) -> None:
    """The multiple uploader parks a file here while an editor fixes other fields."""
    sanitise_field_file(instance.file)
