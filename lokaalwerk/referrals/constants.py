"""Choices for clients, consents, referrals and the weekly VDAB pop-up."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    OTHER = "other", _("Other language")


class ConsentPurpose(models.TextChoices):
    """Principle 7: partners share data to serve the client, each time for a stated purpose."""

    REFERRAL = "referral", _("Referral to a named partner")
    FOLLOW_UP = "follow_up", _("Data sharing for follow-up")
    JOINT_SCREENING = "joint_screening", _("Joint screening")


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Uploaded signed form")
    VERBAL = "verbal", _("Verbal, with a witness")


class DataField(models.TextChoices):
    """The parts of a client record a consent may share with a receiving partner."""

    NAME = "name", _("Name")
    BIRTH_DATE = "birth_date", _("Birth date")
    NATIONAL_NUMBER = "national_number", _("National register number")
    CONTACT = "contact", _("Contact details")
    LANGUAGE = "language", _("Preferred language")
    NOTES = "notes", _("Referral notes")


class ReceiverTeam(models.TextChoices):
    VDAB_YOUTH_CONSULTANT = "vdab_youth", _("VDAB youth consultant")
    VDAB_JOB_COACH = "vdab_job_coach", _("VDAB job coach")
    EMPLOYMENT_TEAM = "employment_team", _("Sociaal Huis employment team")
    WIJK_WERK_MEDIATOR = "wijk_werk", _("Wijk-werk mediator")
    TRANSITION_HOUSE = "transition_house", _("Transitiehuis")
    ADULT_EDUCATION = "adult_education", _("Adult basic education centre")
    SCHOOL_LOP = "school_lop", _("School / LOP cell")
    OTHER = "other", _("Other team")


class ReferralReason(models.TextChoices):
    """Each reason is an action of the agreement (the code before the colon)."""

    SCHOOL_TO_WORK = "1.1", _("1.1 Warm handover from school to work")
    YOUTH_REACH = "1.2", _("1.2 Reaching young people not in work or training")
    E_INCLUSION = "2.1-e-inclusion", _("2.1 Barrier: e-inclusion")
    CHILDCARE = "2.1-childcare", _("2.1 Barrier: childcare")
    LANGUAGE = "2.1-language", _("2.1 Barrier: language")
    MOBILITY = "2.1-mobility", _("2.1 Barrier: mobility")
    POP_UP = "2.2", _("2.2 VDAB pop-up in the Sociaal Huis")
    SOCIAL_WORK_AND_JOB = "2.3", _("2.3 Social support and job seeking together")
    ARTICLE_60 = "2.4", _("2.4 Temporary work experience (art. 60)")
    TRANSITION_HOUSE = "2.5", _("2.5 Transitiehuis")
    OPKOMST_PRIORITY = "2.6", _("2.6 OPkomst: priority follow-up")
    SOCIAL_ECONOMY = "3.1", _("3.1 Follow-up after social-economy indication")
    WIJK_WERKEN = "3.2", _("3.2 Wijk-werken")

    @classmethod
    def action_code(cls, value: str) -> str:
        return value.split("-", 1)[0]


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("Priority (first contact within 5 working days)")


class ReferralState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Outcome(models.TextChoices):
    JOB = "job", _("Job")
    TRAINING = "training", _("Training")
    SOCIAL_ECONOMY = "social_economy", _("Social economy")
    WIJK_WERKEN = "wijk_werken", _("Wijk-werken")
    OTHER = "other", _("Other")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")


class Attendance(models.TextChoices):
    BOOKED = "booked", _("Booked")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")
