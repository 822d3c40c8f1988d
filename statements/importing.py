"""Bulk import of signatories from CSV: every row validated, all or nothing."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from django_countries import countries

from .models import Signatory, Signature, StakeholderGroup, StatementPage

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
REQUIRED_COLUMNS = ["name", "country"]
OPTIONAL_COLUMNS = [
    "short_name",
    "sort_name",
    "website",
    "stakeholder_group",
    "public",
    "contact_name",
    "contact_email",
    "notes",
    "signed_on",
    "founding",
]
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0"}


@dataclass
class ImportResult:
    """Problems found (nothing is written when there are any), or what was created."""

    errors: list[str] = field(default_factory=list)
    created: list[Signatory] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class SignatoryRowForm(forms.ModelForm):
    """Validates one CSV row with the same rules as the admin form."""

    class Meta:
        model = Signatory
        fields = [
            "name",
            "short_name",
            "sort_name",
            "website",
            "country",
            "group",
            "is_public",
            "contact_name",
            "contact_email",
            "notes",
        ]


def _yes_no(value: str, default: bool) -> bool | None:
    value = value.strip().lower()
    if not value:
        return default
    if value in YES:
        return True
    if value in NO:
        return False
    return None


def _country_code(value: str) -> str | None:
    value = value.strip()
    if not value:
        return ""
    if value.upper() in dict(countries):
        return value.upper()
    return countries.by_name(value) or None


def _read_rows(data: bytes, result: ImportResult) -> list[tuple[int, dict]]:
    if len(data) > MAX_BYTES:
        result.errors.append(
            _("The file is larger than %(max)s MB; split it into smaller files.")
            % {"max": MAX_BYTES // (1024 * 1024)}
        )
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(
            _(
                "The file is not UTF-8 text. In Excel or LibreOffice, save it as "
                "'CSV UTF-8 (comma delimited)'."
            )
        )
        return []
    if "\x00" in text:
        result.errors.append(_("This is not a CSV text file."))
        return []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            result.errors.append(
                _("The file is empty: the first line must name the columns.")
            )
            return []
        columns = [cell.strip().lower().replace(" ", "_") for cell in header]
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        unknown = [c for c in columns if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
        duplicated = sorted({c for c in columns if columns.count(c) > 1})
        if missing:
            result.errors.append(
                _("Missing column(s): %(cols)s.") % {"cols": ", ".join(missing)}
            )
        if unknown:
            result.errors.append(
                _("Unknown column(s): %(cols)s. Allowed: %(allowed)s.")
                % {
                    "cols": ", ".join(unknown),
                    "allowed": ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS),
                }
            )
        if duplicated:
            result.errors.append(
                _("Column(s) given twice: %(cols)s.") % {"cols": ", ".join(duplicated)}
            )
        if result.errors:
            return []
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            line = reader.line_num
            if len(cells) != len(columns):
                result.errors.append(
                    _("Line %(line)s: %(found)s values for %(expected)s columns.")
                    % {"line": line, "found": len(cells), "expected": len(columns)}
                )
                continue
            rows.append(
                (line, dict(zip(columns, (c.strip() for c in cells), strict=True)))
            )
            if len(rows) > MAX_ROWS:
                result.errors.append(
                    _("More than %(max)s rows; split the file.") % {"max": MAX_ROWS}
                )
                return []
    except csv.Error as error:
        result.errors.append(
            _("Line %(line)s is not valid CSV (%(error)s).")
            % {"line": reader.line_num, "error": error}
        )
        return []
    if not rows and not result.errors:
        result.errors.append(_("The file has column names but no rows."))
    return rows


def validate_signatory_csv(
    data: bytes, statement: StatementPage | None
) -> tuple[ImportResult, list[tuple[SignatoryRowForm, dict]]]:
    """Check every row; returns the problems and, if none, the forms to save."""
    result = ImportResult()
    rows = _read_rows(data, result)
    groups = {}
    for group in StakeholderGroup.objects.all():
        groups[group.name.casefold()] = group
        groups[group.slug.casefold()] = group
    existing = set(
        Signatory.objects.annotate(lname=Lower("name")).values_list("lname", flat=True)
    )
    seen: dict[str, int] = {}
    valid = []
    for line, row in rows:
        problems = []
        data_row = {
            key: row.get(key, "")
            for key in (
                "name",
                "short_name",
                "sort_name",
                "website",
                "contact_name",
                "contact_email",
                "notes",
            )
        }
        code = _country_code(row.get("country", ""))
        if code is None:
            problems.append(
                _("unknown country '%(value)s' (use a two-letter ISO code such as CA)")
                % {"value": row["country"]}
            )
        data_row["country"] = code or ""
        group_name = row.get("stakeholder_group", "")
        if group_name:
            group = groups.get(group_name.casefold())
            if group is None:
                problems.append(
                    _("unknown stakeholder group '%(value)s'") % {"value": group_name}
                )
            else:
                data_row["group"] = group.pk
        public = _yes_no(row.get("public", ""), default=True)
        if public is None:
            problems.append(_("'public' must be yes or no"))
        data_row["is_public"] = bool(public)
        founding = _yes_no(row.get("founding", ""), default=False)
        if founding is None:
            problems.append(_("'founding' must be yes or no"))
        signed_on = None
        if row.get("signed_on"):
            try:
                signed_on = datetime.date.fromisoformat(row["signed_on"])
            except ValueError:
                problems.append(
                    _("'signed_on' must be a date like 2025-12-17, got '%(value)s'")
                    % {"value": row["signed_on"]}
                )
        if (signed_on or founding) and statement is None:
            problems.append(_("choose the statement they signed to import dates"))

        key = row.get("name", "").casefold()
        if key and key in seen:
            problems.append(
                _("'%(name)s' is also on line %(line)s")
                % {"name": row["name"], "line": seen[key]}
            )
        elif key in existing:
            problems.append(
                _("'%(name)s' is already in the signatory library")
                % {"name": row["name"]}
            )
        seen.setdefault(key, line)

        form = SignatoryRowForm(data=data_row)
        if not form.is_valid():
            for field_name, messages in form.errors.items():
                if field_name == "__all__":
                    # Duplicates are already reported above, with the line.
                    problems.extend(m for m in messages if "already exists" not in m)
                    continue
                if field_name == "country" and code is None:
                    continue  # already reported as an unknown country
                label = field_name if field_name != "group" else "stakeholder_group"
                problems.extend(f"{label}: {message}" for message in messages)
        if problems:
            result.errors.append(
                _("Line %(line)s: %(problems)s.")
                % {
                    "line": line,
                    "problems": "; ".join(str(p).rstrip(".") for p in problems),
                }
            )
        else:
            valid.append((form, {"signed_on": signed_on, "founding": bool(founding)}))
    return result, valid


def import_signatories(
    data: bytes, statement: StatementPage | None, user=None
) -> ImportResult:
    result, valid = validate_signatory_csv(data, statement)
    if not result.ok:
        return result
    with transaction.atomic():
        for form, signature in valid:
            signatory = form.save()
            log(instance=signatory, action="wagtail.create", user=user)
            if statement is not None:
                Signature.objects.create(
                    signatory=signatory, statement=statement, **signature
                )
            # A published revision, as if created in the editor: history and
            # "compare" work from the first edit on.
            signatory.save_revision(user=user).publish(user=user)
            result.created.append(signatory)
    return result
