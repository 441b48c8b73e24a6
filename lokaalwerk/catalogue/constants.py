"""Choices of the catalogue: directory kinds, statuses, Dutch levels, inclusion decisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Mechelen's social-economy region (action 3.1): the ten municipalities VDAB shares vacancies for.
REGION_NIS_CODES = (
    "12005",  # Bonheiden
    "12007",  # Bornem
    "12009",  # Duffel
    "12014",  # Heist-op-den-Berg
    "12021",  # Lier
    "12025",  # Mechelen
    "12029",  # Putte
    "12041",  # Puurs-Sint-Amands
    "12035",  # Sint-Katelijne-Waver
    "12040",  # Willebroek
)


class DirectoryKind(models.TextChoices):
    """What the public directory lists (action 2.1)."""

    WIFI = "wifi", _("Free wifi point")
    COMPUTER = "computer", _("Public computer point")
    CHILDCARE_BABY = "childcare_baby", _("Childcare 0 to 3 years")
    CHILDCARE_SCHOOL = "childcare_school", _("Out-of-school childcare")
    DUTCH_COURSE = "dutch_course", _("Dutch course")
    MOBILITY = "mobility", _("Mobility and driving licence support")
    POPUP = "popup", _("Pop-up hours")
    TRAINING_CENTRE = "training_centre", _("Training centre")


class ClientStatus(models.TextChoices):
    """The situation of a person that an offer may require."""

    JOB_SEEKER = "job_seeker", _("Registered job seeker")
    LIVING_WAGE = "living_wage", _("Living wage (leefloon)")
    EMPLOYED = "employed", _("Employed")
    NOT_REGISTERED = "not_registered", _("Not registered anywhere")
    STUDENT = "student", _("Pupil or student")
    SELF_EMPLOYED = "self_employed", _("(Aspiring) self-employed")


class DutchLevel(models.TextChoices):
    """Common European Framework levels, ordered from none to C1."""

    NONE = "none", _("No Dutch")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"


DUTCH_LEVEL_RANK = {level: rank for rank, level in enumerate(DutchLevel.values)}


class InclusionStatus(models.TextChoices):
    """Principle 8: what the partners decided about a group that cannot use an offer."""

    OPEN = "open", _("Open it")
    KEEP_CLOSED = "keep_closed", _("Keep closed")
    UNDER_STUDY = "under_study", _("Under study")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
