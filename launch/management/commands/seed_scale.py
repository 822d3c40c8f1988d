"""Add synthetic content at scale, for benchmarks: never run it on a real site."""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection

from PIL import Image as PILImage

from news.models import NewsIndexPage, NewsPage, UNProcess
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
        "logos on the launch statement, --news N news items under /news/. Run "
        "load_coalition_content first. Adds only what is missing, so running it "
        "twice with the same N changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--signatories", type=int, default=0, metavar="N")
        parser.add_argument("--news", type=int, default=0, metavar="N")

    def handle(self, *args, **options):
        if options["signatories"]:
            self.seed_signatories(options["signatories"])
        if options["news"]:
            # Search and reference indexing would dominate the run; benchmarks of
            # public views don't need them, so those tasks are queued to nowhere.
            tasks = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
            with override_settings(TASKS=tasks):
                self.seed_news(options["news"])
        if connection.vendor == "postgresql":
            # What autovacuum would do after a bulk load: without statistics the
            # planner picks nested loops that take seconds on 10,000 pages.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    @transaction.atomic
    def seed_news(self, total: int) -> None:
        index = NewsIndexPage.objects.first()
        processes = list(UNProcess.objects.all())
        if index is None or not processes:
            raise CommandError(
                "No news index or processes: run load_coalition_content."
            )
        existing = NewsPage.objects.filter(slug__startswith="synthetic-news-").count()
        rng = random.Random(existing)
        now = timezone.now()
        through = NewsPage.processes.through
        links = []
        for n in range(existing, total):
            page = NewsPage(
                title=f"Synthetic update {n + 1:05d}",
                slug=f"synthetic-news-{n + 1:05d}",
                date=datetime.date(2015, 1, 1) + datetime.timedelta(days=n % 4000),
                summary="A synthetic news item created by seed_scale for benchmarks.",
                body=[("paragraph", "<p>Synthetic body text.</p>")],
                first_published_at=now,
                last_published_at=now,
            )
            index.add_child(instance=page)
            for process in rng.sample(processes, k=rng.randint(1, 2)):
                links.append(through(newspage_id=page.pk, unprocess_id=process.pk))
        through.objects.bulk_create(links, batch_size=1000)
        added = max(0, total - existing)
        self.stdout.write(f"Synthetic news: {existing + added} ({added} added).")

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
                )
            )
        images = Image.objects.bulk_create(images, batch_size=500)
        for signatory, image in zip(signatories, images, strict=True):
            signatory.logo = image
        signatories = Signatory.objects.bulk_create(signatories, batch_size=500)
        Signature.objects.bulk_create(
            [
                Signature(signatory=s, statement=statement, signed_on=None)
                for s in signatories
            ],
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
