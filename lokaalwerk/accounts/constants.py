from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    EMPLOYMENT_SERVICE = "employment_service", _("Public employment service")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    DEPARTMENT = "department", _("Department")
    SCHOOL = "school", _("School")
    PARTNER = "partner", _("Partner organisation")


class Role(models.TextChoices):
    """What a member may do on behalf of an organisation, from least to most."""

    VIEWER = "viewer", _("Viewer")
    CONTRIBUTOR = "contributor", _("Contributor")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


ROLE_RANK = {Role.VIEWER: 0, Role.CONTRIBUTOR: 1, Role.COORDINATOR: 2, Role.ADMINISTRATOR: 3}
