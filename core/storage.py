"""Media in an S3-compatible bucket (django-storages), with safe object headers."""

import posixpath

from storages.backends.s3 import S3Storage

# Kept for a week by browsers and the CDN: Wagtail never rewrites a file in
# place (new uploads and renditions get new names).
MEDIA_CACHE_CONTROL = "public, max-age=604800"
# Shown inside pages with <img>, which ignores Content-Disposition; opened on
# their own they download instead of rendering, since a bucket cannot send the
# sandbox Content-Security-Policy that docs/media.md asks for.
ATTACHMENT_EXTENSIONS = {".svg", ".svgz", ".html", ".htm", ".xml", ".xhtml"}


class MediaStorage(S3Storage):
    """Uploaded images and documents in the bucket named by AWS_STORAGE_BUCKET_NAME."""

    def get_object_parameters(self, name: str) -> dict:
        params = {
            "CacheControl": MEDIA_CACHE_CONTROL,
            **super().get_object_parameters(name),
        }
        if posixpath.splitext(name)[1].lower() in ATTACHMENT_EXTENSIONS:
            params["ContentDisposition"] = "attachment"
        return params
