"""Add synthetic content at scale, for benchmarks: never run it on a real site."""

import io
import random

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.models import Collection

from PIL import Image as PILImage

from statements.models import Signatory, Signature, StakeholderGroup, StatementPage
from statements.sorting import sort_key

SYNTHETIC = "Synthetic organisation"
COUNTRIES = [
    "AU",
    "BR",
    "CA",
    "DE",
    "FR",
    "GB",
    "IE",
    "IN",
    "JP",
    "KE",
    "NZ",
    "PT",
    "US",
    "ZA",
    "CR",
    "SG",
    "SE",
    "NG",
    "MX",
    "AR",
]


class Command(BaseCommand):
    help = (
        "Create synthetic content for benchmarks: --signatories N signatories with "
        "logos on the launch statement. Run load_coalition_content first. Adds only "
        "what is missing, so running it twice with the same N changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--signatories", type=int, default=0, metavar="N")

    def handle(self, *args, **options):
        if options["signatories"]:
            self.seed_signatories(options["signatories"])

    @transaction.atomic
    def seed_signatories(self, total: int) -> None:
        statement = StatementPage.objects.filter(slug="statement").first()
        if statement is None:
            raise CommandError(
                "No statement at /statement/: run load_coalition_content."
            )
        existing = Signatory.objects.filter(name__startswith=SYNTHETIC).count()
        wanted = max(0, total - existing)
        groups = list(StakeholderGroup.objects.all()) or [None]
        rng = random.Random(existing)
        Image = get_image_model()
        collection = Collection.get_first_root_node()
        signatories, images = [], []
        for n in range(existing, existing + wanted):
            name = f"{SYNTHETIC} {n + 1:05d}"
            image = Image(title=f"{name} logo", collection=collection)
            image.file.save(
                f"{name}.png".replace(" ", "-"), ContentFile(logo_png(rng)), save=False
            )
            image.width, image.height, image.file_size = 160, 64, image.file.size
            images.append(image)
            signatories.append(
                Signatory(
                    name=name,
                    sort_key=sort_key(name),
                    country=rng.choice(COUNTRIES),
                    group=rng.choice(groups),
                    website=f"https://synthetic-{n + 1}.example/",
                    live=True,
                    is_public=True,
                )
            )
        images = Image.objects.bulk_create(images, batch_size=500)
        for signatory, image in zip(signatories, images, strict=True):
            signatory.logo = image
        signatories = Signatory.objects.bulk_create(signatories, batch_size=500)
        Signature.objects.bulk_create(
            [Signature(signatory=s, statement=statement) for s in signatories],
            batch_size=500,
        )
        self.stdout.write(
            f"Synthetic signatories: {existing + wanted} ({wanted} added)."
        )


def logo_png(rng: random.Random) -> bytes:
    colour = tuple(rng.randrange(256) for _ in range(3))
    buffer = io.BytesIO()
    PILImage.new("RGB", (160, 64), colour).save(buffer, "PNG")
    return buffer.getvalue()
