"""The shared catalogue: offers, the inclusion test, the public directory and vacancies.

Action 2.3 opens each partner's offer to the others; principle 8 asks for an inclusion test;
action 2.1 keeps the public list of wifi points, computers, childcare, Dutch courses and
mobility support; action 3.1 shares social-economy vacancies for the ten municipalities of the
region. Every public object carries a UUID so that the Open Referral (HSDS 3.0) export can
name it the same way over time.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lokaalwerk.core.models import TimeStampedModel

from .constants import (
    WEEKDAYS,
    ClientStatus,
    DirectoryKind,
    DutchLevel,
    InclusionStatus,
    VacancyStatus,
)


class TargetGroup(TimeStampedModel):
    """A group of people an offer is meant for (doelgroep); published as an HSDS taxonomy.

    The typical profile (age, situation, Dutch level) lets the inclusion test explain why a
    group cannot use an offer whose eligibility excludes that profile."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    typical_age_from = models.PositiveSmallIntegerField(
        _("typical age from"), null=True, blank=True
    )
    typical_age_to = models.PositiveSmallIntegerField(_("typical age to"), null=True, blank=True)
    typical_status = models.CharField(
        _("typical situation"), max_length=20, choices=ClientStatus.choices, blank=True
    )
    typical_dutch_level = models.CharField(
        _("typical Dutch level"), max_length=4, choices=DutchLevel.choices, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language in which help is given (ISO 639-1 code)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name


class Location(TimeStampedModel):
    """A physical place where an offer or a directory entry is available."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    municipality = models.ForeignKey(
        "geography.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="catalogue_locations",
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return f"{self.name}, {self.street}, {self.postal_code}"


class OfferQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Offer(TimeStampedModel):
    """A service one partner offers and opens to the others (aanbod, action 2.3)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"))
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="offers", blank=True
    )
    # Eligibility, structured so that the inclusion test can reason about it.
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    eligible_statuses = models.JSONField(
        _("eligible situations"),
        default=list,
        blank=True,
        help_text=_("Empty means every situation."),
    )
    dutch_level_min = models.CharField(
        _("minimum Dutch level"), max_length=4, choices=DutchLevel.choices, blank=True
    )
    residence_municipalities = models.ManyToManyField(
        "geography.Municipality",
        verbose_name=_("municipality of residence"),
        related_name="+",
        blank=True,
        help_text=_("Empty means residents of any municipality."),
    )
    eligibility_notes = models.TextField(_("other conditions"), blank=True)
    locations = models.ManyToManyField(
        Location, verbose_name=_("locations"), related_name="offers", blank=True
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    waiting_list = models.PositiveIntegerField(_("people on the waiting list"), default=0)
    how_to_refer = models.TextField(_("how to refer"), blank=True)
    open_to_partner_clients = models.BooleanField(_("open to the partners' clients"), default=True)
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), related_name="offers", blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    last_checked_on = models.DateField(_("last checked on"))

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=F("age_max")),
                name="catalogue_offer_age_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class DirectoryEntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class DirectoryEntry(TimeStampedModel):
    """A public place or service in the citizen directory (action 2.1)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=DirectoryKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("kept up to date by"),
        on_delete=models.PROTECT,
        related_name="directory_entries",
    )
    owner_email = models.EmailField(
        _("owner e-mail"), blank=True, help_text=_("Receives the reminder to check this entry.")
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        related_name="directory_entries",
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), related_name="directory_entries", blank=True
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("website"), blank=True)
    is_free = models.BooleanField(_("free of charge"), default=True)
    is_published = models.BooleanField(_("published"), default=True)
    last_checked_on = models.DateField(_("last checked on"))
    stale_flagged_at = models.DateTimeField(_("flagged as not checked at"), null=True, blank=True)

    objects = DirectoryEntryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        indexes = [models.Index(fields=["kind", "is_published"])]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    """A recurring weekly opening slot of an offer or a directory entry."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, null=True, blank=True, related_name="opening_hours"
    )
    entry = models.ForeignKey(
        DirectoryEntry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="opening_hours",
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=WEEKDAYS)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=F("closes")), name="catalogue_hours_close_after_open"
            ),
            models.CheckConstraint(
                condition=Q(offer__isnull=False, entry__isnull=True)
                | Q(offer__isnull=True, entry__isnull=False),
                name="catalogue_hours_belong_to_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class InclusionCell(TimeStampedModel):
    """One cell of the inclusion test: a target group that cannot (yet) use an offer, and why."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="inclusion_cells")
    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.CASCADE, related_name="inclusion_cells"
    )
    barrier = models.TextField(_("why the group cannot use the offer"), blank=True)
    status = models.CharField(
        _("decision"), max_length=20, choices=InclusionStatus.choices, blank=True
    )

    class Meta:
        verbose_name = _("inclusion test cell")
        verbose_name_plural = _("inclusion test cells")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "target_group"], name="catalogue_unique_inclusion_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer} × {self.target_group}"


class InclusionDecision(models.Model):
    """An entry in a cell's decision log; the latest one is the cell's current decision."""

    cell = models.ForeignKey(InclusionCell, on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(_("decision"), max_length=20, choices=InclusionStatus.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("inclusion decision")
        verbose_name_plural = _("inclusion decisions")

    def __str__(self) -> str:
        return f"{self.cell}: {self.get_status_display()}"


class VacancyImport(models.Model):
    """One confirmed import of a vacancy list."""

    file_name = models.CharField(_("file"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"))
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("vacancy import")
        verbose_name_plural = _("vacancy imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"


class Vacancy(TimeStampedModel):
    """A social-economy vacancy VDAB shares with the Sociaal Huis and partners (action 3.1)."""

    reference = models.CharField(_("reference"), max_length=60, unique=True)
    employer = models.CharField(_("employer"), max_length=200)
    municipality = models.ForeignKey(
        "geography.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="catalogue_vacancies",
    )
    title = models.CharField(_("job"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    indication_required = models.BooleanField(
        _("indication required"),
        default=True,
        help_text=_("A social-economy indication (doelgroepbepaling) is needed to apply."),
    )
    conditions = models.TextField(_("conditions"), blank=True)
    posted_on = models.DateField(_("posted on"))
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(
        _("status"), max_length=20, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )
    expired_flagged_at = models.DateTimeField(_("flagged as expired at"), null=True, blank=True)
    source_import = models.ForeignKey(
        VacancyImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="vacancies"
    )

    class Meta:
        ordering = ["expires_on", "title"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.CheckConstraint(
                condition=Q(posted_on__lte=F("expires_on")),
                name="catalogue_vacancy_expires_after_posting",
            )
        ]
        indexes = [models.Index(fields=["status", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.title} — {self.employer}"


class VacancySubscription(TimeStampedModel):
    """A worker who receives the weekly digest of open vacancies (for some municipalities)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vacancy_subscription"
    )
    municipalities = models.ManyToManyField(
        "geography.Municipality",
        verbose_name=_("municipalities"),
        related_name="+",
        blank=True,
        help_text=_("Empty means all ten municipalities of the region."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("vacancy digest subscription")
        verbose_name_plural = _("vacancy digest subscriptions")

    def __str__(self) -> str:
        return str(self.user)
