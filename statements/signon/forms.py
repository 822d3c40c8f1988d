"""The public join form, and the checks that make abuse cost us nothing."""

import io
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from PIL import Image, UnidentifiedImageError

from ..models.library import StakeholderGroup
from ..models.signon import SignOnRequest

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 20_000_000
LOGO_MAX_SIDE = 8000
# Raster types only: an SVG from a stranger can carry scripts.
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}

STARTED_SALT = "statements.signon.started"
# A form left open longer than this is sent back with a fresh timer.
FORM_MAX_AGE = 24 * 3600


def no_control_characters(value: str) -> None:
    # Cc: line breaks and other controls; Cf: invisible formatting such as
    # zero-width spaces and right-to-left overrides, which hide look-alikes.
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in value):
        raise ValidationError(
            _("Use a single line, without line breaks or special characters.")
        )


def normalise_line(value: str) -> str:
    """One way to write a name: compatibility forms folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", value).split())


def check_logo(upload) -> str:
    """Validate a logo by its content; return the file extension for its type."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo is larger than 2 MB. Send a smaller file."))
    data = upload.read()
    upload.seek(0)
    # Size first, from the header alone: a small file can claim huge dimensions.
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if kind not in LOGO_FORMATS:
                raise UnidentifiedImageError
            if width * height > LOGO_MAX_PIXELS or max(width, height) > LOGO_MAX_SIDE:
                raise ValidationError(
                    _(
                        "The logo is %(width)s × %(height)s pixels: keep it under "
                        "%(side)s pixels a side."
                    )
                    % {"width": width, "height": height, "side": LOGO_MAX_SIDE}
                )
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        # verify() checks the structure only: decode every pixel, so a broken
        # file fails here and not when staff approve it.
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ):
        raise ValidationError(
            _("The logo must be a PNG, JPEG, WebP or GIF image (not SVG).")
        ) from None
    return LOGO_FORMATS[kind]


def started_token() -> str:
    """When the form was shown, signed: a script cannot set it to long ago."""
    return signing.dumps(time.time(), salt=STARTED_SALT)


class JoinForm(forms.ModelForm):
    """Everything an organisation tells us when it asks to sign."""

    consent_to_listing = forms.BooleanField(
        label=_(
            "We agree that our organisation's name, country, stakeholder group, "
            "website and logo are shown publicly as a signatory of this statement."
        ),
        error_messages={
            "required": _(
                "Tick this box: signatories are listed publicly, so we need your "
                "agreement."
            )
        },
    )
    # The trap: hidden from people by the stylesheet, filled in by scripts.
    leave_empty = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200
    )
    # Missing or forged, it is the view's fill-time check that answers.
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SignOnRequest
        fields = [
            "organisation_name",
            "website",
            "country",
            "group",
            "contact_name",
            "contact_email",
            "role",
            "logo",
            "message",
            "consent_to_listing",
        ]
        labels = {
            "organisation_name": _("Organisation name"),
            "website": _("Organisation website"),
            "country": _("Country"),
            "group": _("Stakeholder group"),
            "contact_name": _("Your name"),
            "contact_email": _("Your work email"),
            "role": _("Your role in the organisation"),
            "logo": _("Logo (optional)"),
            "message": _("Message (optional)"),
        }
        help_texts = {
            "organisation_name": _("As it should appear in the list of signatories."),
            "website": _("For example https://www.example.org"),
            "country": _("Where the organisation is based."),
            "group": _("The kind of organisation, if one fits."),
            "contact_email": _(
                "We send a link to this address to confirm the request. Ideally an "
                "address at your organisation's domain."
            ),
            "role": _("For example Chief Executive or Head of Policy."),
            "logo": _("PNG, JPEG, WebP or GIF, up to 2 MB."),
            "message": _("Anything the coalition should know. Up to 2,000 characters."),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 5}),
            "logo": forms.ClearableFileInput(
                attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = StakeholderGroup.objects.all()
        self.fields["group"].empty_label = _("Not sure")
        self.fields["country"].required = True
        self.fields["website"].validators = [URLValidator(schemes=["http", "https"])]
        self.fields["website"].assume_scheme = "https"
        for name in ("organisation_name", "contact_name", "role", "website"):
            self.fields[name].validators.append(no_control_characters)
        self.fields["started"].initial = started_token()
        autocomplete = {
            "organisation_name": "organization",
            "website": "url",
            "country": "country",
            "contact_name": "name",
            "contact_email": "email",
            "role": "organization-title",
            "leave_empty": "off",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["leave_empty"].widget.attrs["tabindex"] = "-1"

    def clean_organisation_name(self):
        return normalise_line(self.cleaned_data["organisation_name"])

    def clean_contact_name(self):
        return normalise_line(self.cleaned_data["contact_name"])

    def clean_role(self):
        role = normalise_line(self.cleaned_data["role"])
        if not role:
            raise ValidationError(_("This field is required."))
        return role

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo:
            extension = check_logo(logo)
            logo.name = f"logo.{extension}"
        return logo

    def clean_message(self):
        # Keep line breaks, drop other control characters.
        message = self.cleaned_data.get("message", "")
        return "".join(
            char for char in message if char in "\n\t" or ord(char) >= 32
        ).strip()

    # -- Abuse checks the view reads ---------------------------------------------

    @property
    def is_trapped(self) -> bool:
        return bool(self.data.get("leave_empty"))

    def fill_time_problem(self) -> str | None:
        """Why the timer says this was not a person filling in the form, if so."""
        try:
            started = float(
                signing.loads(
                    self.data.get("started", ""),
                    salt=STARTED_SALT,
                    max_age=FORM_MAX_AGE,
                )
            )
        except signing.SignatureExpired:
            return str(
                _("The form was open for a long time. Check it and send it again.")
            )
        except (signing.BadSignature, TypeError, ValueError):
            return str(
                _("Something went wrong with the form. Check it and send it again.")
            )
        if time.time() - started < settings.SIGNON_MIN_FILL_SECONDS:
            return str(_("That was very quick. Check the form and send it again."))
        return None

    def restart_timer(self) -> None:
        """Show the form again with a new timer (the posted one is kept otherwise)."""
        self.data = self.data.copy()
        self.data["started"] = started_token()
