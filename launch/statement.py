"""Launch content for statements: the TCCM joint statement and its 14 signatories.

The statement text is read from launch/data/tccm-statement.txt, a PDF
extraction whose lines are hard-wrapped mid-sentence: paragraphs are reflowed.
"""

import datetime
import re
from pathlib import Path

from django.db import transaction

from core.dates import MONTH
from home.models import HomePage
from statements.importing import ImportResult, read_csv
from statements.models import Signatory, Signature, StakeholderGroup, StatementPage

from .loader import once, publish_child

SEED = Path(__file__).resolve().parent / "data" / "tccm-statement.txt"

GROUPS = [
    (
        "ccTLD registry",
        "cctld-registry",
        "Operators of country-code top-level domains.",
    ),
    ("gTLD registry", "gtld-registry", "Operators of generic top-level domains."),
    ("Registrar", "registrar", "Companies that register domain names for the public."),
    (
        "Regional Internet registry",
        "regional-internet-registry",
        "Organisations that allocate IP addresses and AS numbers in a region.",
    ),
    ("Other technical community", "other-technical-community", ""),
]

# The founders' public facts (names exactly as the seed spells them), in the
# signatory import's CSV format: it doubles as an example for staff.
FOUNDERS = Path(__file__).resolve().parent / "data" / "founding-signatories.csv"


def founding_signatories() -> list[dict]:
    """The founders' rows, keyed by field (name, country, group, ...)."""
    result = ImportResult()
    rows = read_csv(FOUNDERS.read_bytes(), result)
    if not result.ok:
        raise ValueError(f"{FOUNDERS.name}: {' '.join(result.errors)}")
    return [row for _line, row in rows]


# The coalition was launched at IGF 2024 in Riyadh, 15–19 December 2024 (IGF
# 2024 Launch/Award Event #128, cited in launch/news.py); no source gives the
# day, so the statement is dated to the month.
PUBLICATION_DATE = (datetime.date(2024, 12, 1), MONTH)

# Short titles and anchors for the three risks; the summaries are the seed's words.
RISK_TITLES = [
    ("Stakeholders left out", "stakeholders-left-out"),
    ("Destabilising new concepts", "destabilising-concepts"),
    ("A weakened IGF", "weakened-igf"),
]


def parse_statement(text: str) -> dict:
    """Split the seed into title, paragraphs, risks, closing and signatory names."""
    marker = "(in alphabetical order)"
    text = text.replace("\r\n", "\n").replace(marker, f"\n\n{marker}\n\n")
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    reflow = lambda block: " ".join(block.split())  # noqa: E731
    title = reflow(blocks[0])
    paragraphs, risks, closing, names = [], [], [], []
    section = "body"
    for block in blocks[1:]:
        line = reflow(block)
        if line.startswith("•"):
            risks.append(line.lstrip("• ").strip())
            section = "closing"
            continue
        if line == marker:
            section = "names"
            continue
        if section == "body":
            paragraphs.append(line)
        elif section == "closing":
            closing.append(line)
        else:
            names.append(line)
    return {
        "title": title,
        "standfirst": paragraphs[0],
        "body": paragraphs[1:],
        "risks": risks,
        "closing": closing,
        "signatories": names,
    }


def ensure_groups(report) -> dict[str, StakeholderGroup]:
    groups = {}
    for order, (name, slug, description) in enumerate(GROUPS):
        groups[slug] = once(
            f"stakeholder-group:{slug}",
            lambda name=name, slug=slug, description=description, order=order: (
                StakeholderGroup.objects.get_or_create(
                    slug=slug,
                    defaults={
                        "name": name,
                        "description": description,
                        "sort_order": order,
                    },
                )[0]
            ),
            report,
            "stakeholder groups",
        )
    return groups


def _create_statement(home: HomePage, seed: dict) -> StatementPage:
    statement = StatementPage(
        title=seed["title"],
        slug="statement",
        show_in_menus=True,
        menu_title="Statement",
        standfirst=seed["standfirst"],
        body=[("paragraph", f"<p>{p}</p>") for p in seed["body"]],
        risks=[
            ("risk", {"title": title, "anchor": anchor, "summary": summary, "body": ""})
            for (title, anchor), summary in zip(RISK_TITLES, seed["risks"], strict=True)
        ],
        closing="".join(f"<p>{p}</p>" for p in seed["closing"]),
        search_description=seed["standfirst"],
        publication_date=PUBLICATION_DATE[0],
        publication_date_precision=PUBLICATION_DATE[1],
    )
    return publish_child(home, statement)


def _create_signatory(row: dict, group: StakeholderGroup | None) -> Signatory:
    signatory = Signatory.objects.create(
        name=row["name"],
        short_name=row["short_name"],
        country=row["country"],
        website=row["website"],
        group=group,
    )
    signatory.save_revision().publish()
    return signatory


@transaction.atomic
def ensure_statement(report, home: HomePage) -> StatementPage | None:
    """The launch statement and its founders; never recreates what staff changed."""
    seed = parse_statement(SEED.read_text(encoding="utf-8"))
    founders = founding_signatories()
    if seed["signatories"] != [row["name"] for row in founders]:
        raise ValueError("The seed's signatories differ from founding-signatories.csv.")
    statement = once(
        "statement:tccm", lambda: _create_statement(home, seed), report, "statement"
    )
    groups = ensure_groups(report)
    for row in founders:
        name = row["name"]
        signatory = once(
            f"signatory:{name}",
            lambda row=row: _create_signatory(row, groups.get(row["group"])),
            report,
            "signatories",
        )
        if statement is not None and signatory is not None:
            once(
                f"signature:tccm:{name}",
                lambda sig=signatory: Signature.objects.get_or_create(
                    signatory=sig,
                    statement=statement,
                    # The seed gives no dates: unknown, not the day of the load.
                    defaults={"founding": True, "signed_on": None},
                )[0],
                report,
                "signatures",
            )

    if statement is not None:
        once("home:statement-links", lambda: _link_home(home, statement))
    return statement


def _link_home(home: HomePage, statement: StatementPage) -> HomePage:
    home.primary_cta_page = home.primary_cta_page or statement
    home.primary_cta_label = home.primary_cta_label or "Read the statement"
    home.statement = home.statement or statement
    home.save_revision().publish()
    return home
