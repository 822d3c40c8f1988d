"""The signatory library as a spreadsheet: one set of columns for the admin's
export, the CSV import and its template, so an exported file imports unchanged.

The import checks every row before saving anything (all or nothing). It matches
organisations already in the library by name, ignoring case: a row that differs
updates the organisation and publishes the change as a new revision; a row that
does not is reported as unchanged; a new name adds an organisation.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.snippets.permissions import get_permission_name

from django_countries import countries

from core.spreadsheets import FORMULA_PREFIXES

from .models import Signatory, Signature, StakeholderGroup, StatementPage

MAX_BYTES = 2 * 1024 * 1024
# The import runs inside one web request (all or nothing), and a new or changed
# organisation costs 45-80 ms (revision, publication, search and reference
# index): 1,000 rows take about a minute on a busy two-core machine, within the
# 120 s request timeout the README gives gunicorn. More needs a background task.
MAX_ROWS = 1_000
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: its heading, what goes in it, and older names."""

    key: str
    heading: str
    help: str
    example: str = ""
    required: bool = False
    exported: bool = True
    old_names: tuple[str, ...] = ()

    def names(self) -> set[str]:
        return {_normalise(self.heading), self.key, *self.old_names}


PRIVATE = "Private: never shown on the website."

# Headings are the file format, so they are not translated. The order is the
# export's and the template's. docs/signatory-csv.md describes the same columns.
COLUMNS = [
    Column(
        "name",
        "Organisation name",
        "Finds the organisation if it is already in the library (capitals do "
        "not matter); to rename one, edit it in the admin.",
        "Example Registry (delete this row)",
        required=True,
    ),
    Column("short_name", "Short name or acronym", "Optional, e.g. CIRA.", "EXR"),
    Column(
        "sort_name",
        "Sort under",
        "Optional: alphabetise under this instead of the name.",
    ),
    Column(
        "website",
        "Website",
        "Full address starting with https://",
        "https://registry.example/",
    ),
    Column(
        "country",
        "Country",
        "Two-letter code (AU, CA, GB…) or the country's English name.",
        "NZ",
        required=True,
    ),
    Column(
        "group",
        "Stakeholder group",
        "Its name or short code, as listed under Stakeholder groups; empty for none.",
        old_names=("stakeholder_group",),
    ),
    Column(
        "live",
        "Published",
        "yes: on the website; no: a draft only staff see. Empty: yes for a new "
        "organisation, unchanged for one already in the library.",
        "yes",
        old_names=("public",),
    ),
    Column("contact_name", "Contact name", PRIVATE, "Jane Doe"),
    Column("contact_email", "Contact e-mail", PRIVATE, "jane@registry.example"),
    Column("notes", "Internal notes", PRIVATE),
    # Per statement: used only when the import names the statement signed.
    Column(
        "signed_on",
        "Date signed",
        "Only with a statement chosen: the date, like 2025-12-17. Empty: not known.",
        "2025-12-17",
        exported=False,
    ),
    Column(
        "founding",
        "Founding signatory",
        "Only with a statement chosen: yes or no.",
        "no",
        exported=False,
    ),
]
BY_KEY = {column.key: column for column in COLUMNS}
EXPORTED = [column for column in COLUMNS if column.exported]
EXAMPLE_NAME = BY_KEY["name"].example
# The library fields a row can set, in the row form's order.
LIBRARY_FIELDS = [
    "name",
    "short_name",
    "sort_name",
    "website",
    "country",
    "group",
    "contact_name",
    "contact_email",
    "notes",
]


def _normalise(heading: str) -> str:
    return " ".join(heading.split()).casefold()


def _column_for(heading: str) -> Column | None:
    name = _normalise(heading)
    for column in COLUMNS:
        if name in column.names() or name.replace(" ", "_") in column.names():
            return column
    return None


def heading(key: str) -> str:
    return BY_KEY[key].heading


def unescape_formula(value: str) -> str:
    """Undo the apostrophe the export puts before a cell a spreadsheet would run
    as a formula (core.spreadsheets), so an exported file re-imports as it was."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


@dataclass
class RowPlan:
    """What one valid row will do."""

    line: int
    form: forms.ModelForm
    existing: bool
    changed: bool
    publish: bool | None  # True: publish, False: draft or unpublish, None: as is
    signature: dict | None  # fields for the signature of the chosen statement


@dataclass
class ImportResult:
    """Problems found (nothing is written when there are any), or what was done."""

    errors: list[str] = field(default_factory=list)
    created: list[Signatory] = field(default_factory=list)
    updated: list[Signatory] = field(default_factory=list)
    unchanged: list[Signatory] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class SignatoryRowForm(forms.ModelForm):
    """Validates one CSV row with the same rules as the admin form."""

    class Meta:
        model = Signatory
        fields = LIBRARY_FIELDS


def _yes_no(value: str) -> bool | None:
    value = value.strip().lower()
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


def read_csv(data: bytes, result: ImportResult) -> list[tuple[int, dict]]:
    """The rows as (line number, {column key: text}); problems go to `result`.

    Only the columns present in the file are in each row's dict.
    """
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
    allowed = ", ".join(column.heading for column in COLUMNS)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            result.errors.append(
                _("The file is empty: the first line must name the columns.")
            )
            return []
        columns = [_column_for(cell) for cell in header]
        keys = [column.key for column in columns if column]
        missing = [c.heading for c in COLUMNS if c.required and c.key not in keys]
        unknown = [
            cell.strip() or _("(a column with no name)")
            for cell, column in zip(header, columns, strict=True)
            if not column
        ]
        duplicated = sorted({heading(k) for k in keys if keys.count(k) > 1})
        if missing:
            result.errors.append(
                _("Missing column(s): %(cols)s.") % {"cols": ", ".join(missing)}
            )
        if unknown:
            result.errors.append(
                _("Unknown column(s): %(cols)s. Allowed: %(allowed)s.")
                % {"cols": ", ".join(unknown), "allowed": allowed}
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
            if len(cells) != len(keys):
                result.errors.append(
                    _("Line %(line)s: %(found)s values for %(expected)s columns.")
                    % {"line": line, "found": len(cells), "expected": len(keys)}
                )
                continue
            values = (unescape_formula(cell.strip()) for cell in cells)
            rows.append((line, dict(zip(keys, values, strict=True))))
            if len(rows) > MAX_ROWS:
                result.errors.append(
                    _(
                        "The file has more than %(max)s organisations; split it "
                        "into smaller files."
                    )
                    % {"max": f"{MAX_ROWS:,}"}
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


class _Checker:
    """Checks rows against the library; one instance per import."""

    def __init__(self, statement: StatementPage | None, user, names: set[str]):
        self.statement = statement
        self.user = user
        self.groups = {}
        for group in StakeholderGroup.objects.all():
            self.groups[group.name.casefold()] = group
            self.groups[group.slug.casefold()] = group
        # Matched in Python: SQLite's lower() leaves non-ASCII letters as they are.
        matches = [
            pk
            for pk, name in Signatory.objects.values_list("pk", "name")
            if name.casefold() in names
        ]
        existing = Signatory.objects.filter(pk__in=matches)
        if statement is not None:
            existing = existing.prefetch_related(
                Prefetch(
                    "signatures",
                    queryset=Signature.objects.filter(statement=statement),
                    to_attr="chosen_signatures",
                )
            )
        self.existing = {s.name.casefold(): s for s in existing}

    def may(self, action: str) -> bool:
        return self.user is None or self.user.has_perm(
            get_permission_name(action, Signatory)
        )

    def check(self, line: int, row: dict, problems: list) -> RowPlan | None:
        """What the row will do, or None with the reasons added to `problems`."""
        signatory = self.existing.get(row.get("name", "").casefold())
        data = (
            forms.model_to_dict(signatory, fields=LIBRARY_FIELDS)
            if signatory
            else dict.fromkeys(LIBRARY_FIELDS, "")
        )
        data.update({k: v for k, v in row.items() if k in LIBRARY_FIELDS})
        if signatory:
            # The name finds the organisation; renaming is done in the editor.
            data["name"] = signatory.name

        unknown_country = False
        if "country" in row:
            code = _country_code(row["country"])
            unknown_country = code is None
            if unknown_country:
                problems.append(
                    _(
                        "unknown country '%(value)s' (use a two-letter ISO code "
                        "such as CA)"
                    )
                    % {"value": row["country"]}
                )
            data["country"] = code or ""
        if row.get("group"):
            group = self.groups.get(row["group"].casefold())
            if group is None:
                problems.append(
                    _("unknown stakeholder group '%(value)s'") % {"value": row["group"]}
                )
            data["group"] = group.pk if group else ""
        elif "group" in row:
            data["group"] = ""

        publish = None
        if row.get("live"):
            publish = _yes_no(row["live"])
            if publish is None:
                problems.append(
                    _("'%(column)s' must be yes or no") % {"column": heading("live")}
                )
        founding = None
        if row.get("founding"):
            founding = _yes_no(row["founding"])
            if founding is None:
                problems.append(
                    _("'%(column)s' must be yes or no")
                    % {"column": heading("founding")}
                )
        signed_on = None
        if row.get("signed_on"):
            try:
                signed_on = datetime.date.fromisoformat(row["signed_on"])
            except ValueError:
                problems.append(
                    _("'%(column)s' must be a date like 2025-12-17, got '%(value)s'")
                    % {"column": heading("signed_on"), "value": row["signed_on"]}
                )
        if (signed_on or founding) and self.statement is None:
            problems.append(_("choose the statement they signed to import dates"))
        if row.get("name", "").casefold() == EXAMPLE_NAME.casefold():
            problems.append(_("this is the template's example row: delete it"))

        form = SignatoryRowForm(data=data, instance=signatory)
        if not form.is_valid():
            for field_name, messages in form.errors.items():
                if field_name == "country" and unknown_country:
                    continue  # already reported, with the value
                label = (
                    heading(field_name) if field_name in BY_KEY else _("Organisation")
                )
                problems.extend(f"{label}: {message}" for message in messages)
        if problems:
            return None

        signature = None
        if self.statement is not None:
            signature = {"signed_on": signed_on, "founding": bool(founding)}
            if signatory:
                # Only the signature columns in the file change an existing one.
                signature = {k: v for k, v in signature.items() if k in row}
        if signatory is None:
            publish = True if publish is None else publish
            if publish and not self.may("publish"):
                problems.append(
                    _(
                        "you may add organisations but not publish them: put 'no' "
                        "in the '%(column)s' column"
                    )
                    % {"column": heading("live")}
                )
                return None
            return RowPlan(line, form, False, True, publish, signature)

        changed = bool(form.changed_data) or self._signature_changes(
            signatory, signature
        )
        if publish == signatory.live:
            publish = None
        if not changed and publish is None:
            return RowPlan(line, form, True, False, None, signature)
        self._check_may_change(signatory, changed, publish, problems)
        if problems:
            return None
        return RowPlan(line, form, True, changed, publish, signature)

    def _signature_changes(self, signatory: Signatory, signature: dict | None) -> bool:
        if signature is None:
            return False
        if not signatory.chosen_signatures:
            return True
        current = signatory.chosen_signatures[0]
        return any(getattr(current, k) != v for k, v in signature.items())

    def _check_may_change(
        self, signatory: Signatory, changed: bool, publish: bool | None, problems
    ) -> None:
        name = signatory.name
        if changed and not signatory.live:
            problems.append(
                _(
                    "'%(name)s' is not published: change it in the editor, where "
                    "you can preview it before publishing"
                )
                % {"name": name}
            )
        elif publish:
            problems.append(
                _("'%(name)s' is not published: publish it in the editor")
                % {"name": name}
            )
        elif (
            changed
            and signatory.latest_revision_id
            and signatory.latest_revision_id != signatory.live_revision_id
        ):
            problems.append(
                _(
                    "'%(name)s' has unpublished changes in the editor: publish or "
                    "discard them there first"
                )
                % {"name": name}
            )
        elif not (self.may("change") and self.may("publish")):
            # Every change to a published organisation is published (or, with
            # Published "no", unpublishes it).
            problems.append(
                _("you may not change or publish '%(name)s'") % {"name": name}
            )
        else:
            lock = signatory.get_lock()
            if lock and (self.user is None or lock.for_user(self.user)):
                problems.append(
                    _(
                        "'%(name)s' is locked or scheduled in the editor: unlock it "
                        "or cancel the schedule first"
                    )
                    % {"name": name}
                )


def validate_signatory_csv(
    data: bytes, statement: StatementPage | None, user=None
) -> tuple[ImportResult, list[RowPlan]]:
    """Check every row; returns the problems and, if none, what each row will do."""
    result = ImportResult()
    rows = read_csv(data, result)
    names = {row.get("name", "").casefold() for _line, row in rows}
    checker = _Checker(statement, user, names - {""})
    seen: dict[str, int] = {}
    plans = []
    for line, row in rows:
        problems = []
        key = row.get("name", "").casefold()
        if key and key in seen:
            problems.append(
                _("'%(name)s' is also on line %(line)s")
                % {"name": row["name"], "line": seen[key]}
            )
        seen.setdefault(key, line)
        plan = checker.check(line, row, problems)
        if problems:
            result.errors.append(
                _("Line %(line)s: %(problems)s.")
                % {
                    "line": line,
                    "problems": "; ".join(str(p).rstrip(".") for p in problems),
                }
            )
        elif plan is not None:
            plans.append(plan)
    return result, plans


def import_signatories(
    data: bytes, statement: StatementPage | None, user=None
) -> ImportResult:
    """Validate, then apply every row in one transaction."""
    result, plans = validate_signatory_csv(data, statement, user)
    if not result.ok:
        return result
    with transaction.atomic():
        for plan in plans:
            if not plan.existing:
                result.created.append(_create(plan, statement, user))
            elif plan.changed or plan.publish is not None:
                result.updated.append(_update(plan, statement, user))
            else:
                result.unchanged.append(plan.form.instance)
    return result


def _create(plan: RowPlan, statement: StatementPage | None, user) -> Signatory:
    """A new organisation, published or saved as a draft as the row says."""
    signatory = plan.form.save(commit=False)
    signatory.live = plan.publish
    signatory.save()
    log(instance=signatory, action="wagtail.create", user=user)
    if statement is not None:
        Signature.objects.create(
            signatory=signatory, statement=statement, **plan.signature
        )
    # A revision, as if saved in the editor: history and "compare" work from
    # the first edit on.
    revision = signatory.save_revision(user=user)
    if plan.publish:
        revision.publish(user=user)
    return signatory


def _update(plan: RowPlan, statement: StatementPage | None, user) -> Signatory:
    """Apply a row to a published organisation: a new published revision, or
    unpublishing it."""
    signatory = plan.form.instance
    if plan.changed:
        plan.form.save()
        if plan.signature is not None:
            # An imported signature's date is the file's: unknown when not given.
            Signature.objects.update_or_create(
                signatory=signatory,
                statement=statement,
                defaults=plan.signature,
                create_defaults={"signed_on": None, "founding": False} | plan.signature,
            )
        # Read back with its signatures, so the revision records them.
        signatory = Signatory.objects.get(pk=signatory.pk)
        revision = signatory.save_revision(user=user, log_action=True)
        if plan.publish is None:
            revision.publish(user=user)
    if plan.publish is False:
        signatory.unpublish(user=user)
    return signatory
