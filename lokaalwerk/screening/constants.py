"""Choices of the joint screening."""

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Counts below this are shown as "<5" to the steering group (small numbers identify people).
SMALL_NUMBER = 5


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for uploads")
    LINKED = "linked", _("Linked")
    CLOSED = "closed", _("Closed")
