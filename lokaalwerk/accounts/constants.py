from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    EMPLOYMENT_SERVICE = "employment_service", _("Public employment service")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    DEPARTMENT = "department", _("Department")
    SCHOOL = "school", _("School")
    PARTNER = "partner", _("Partner organisation")


class Role(models.TextChoices):
    """What a member may do on behalf of an organisation.

    Viewer < contributor < coordinator < administrator rank the work on the plan. An alderman
    (schepen) and the data protection officer read the plan like a viewer; what else they may
    see (numbers not names, the audit log) is decided in policies.py."""

    VIEWER = "viewer", _("Viewer")
    CONTRIBUTOR = "contributor", _("Contributor")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")
    ALDERMAN = "alderman", _("Alderman")
    DATA_PROTECTION_OFFICER = "dpo", _("Data protection officer")


ROLE_RANK = {
    Role.VIEWER: 0,
    Role.ALDERMAN: 0,
    Role.DATA_PROTECTION_OFFICER: 0,
    Role.CONTRIBUTOR: 1,
    Role.COORDINATOR: 2,
    Role.ADMINISTRATOR: 3,
}
