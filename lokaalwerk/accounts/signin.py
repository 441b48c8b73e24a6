"""Sign-in protection: repeated failures lock out a username and an address for a while.

django-axes counts every failed ``authenticate()`` that carries the request: the sign-in page,
the admin's login and the API token endpoint. The rules on top of it:

- a username is locked out after ``AXES_FAILURE_LIMIT`` failures within the cool-off
  (``SIGNIN_COOLOFF_MINUTES``), from whatever address they come;
- an address is locked out after ``SIGNIN_ADDRESS_FAILURE_LIMIT`` failures, whatever usernames
  were tried: higher, because a whole town hall can share one public address;
- attempts during a lockout are refused without being counted, so the end time holds;
- a lockout writes one audit row (``account.locked_out``) when it starts;
- a successful sign-in forgives only that person's own failures from that address, so signing
  in with one's own account never resets an attack on somebody else's;
- the person locked out reads until when, and whom to contact, in Dutch or English.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import ngettext
from rest_framework.throttling import BaseThrottle

from . import services

API_PREFIX = "/api/"


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """How long failed attempts count (``LOKAALWERK_SIGNIN_COOLOFF_MINUTES``)."""
    return timedelta(minutes=settings.SIGNIN_COOLOFF_MINUTES)


def client_address(request: HttpRequest) -> str | None:
    """The address a sign-in comes from: the connection's, or behind ``NUM_PROXIES`` trusted
    reverse proxies the one the outermost of them saw (DRF's rule for X-Forwarded-For)."""
    return BaseThrottle().get_ident(request)


def _recent_attempts(request: HttpRequest, credentials: dict | None) -> tuple[QuerySet, QuerySet]:
    """Failed attempts still within the cool-off: for this username, and from this address."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    username = get_client_username(request, credentials)
    by_username = recent.filter(username=username) if username else recent.none()
    return by_username, recent.filter(ip_address=request.axes_ip_address)


def _failures(attempts: QuerySet) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _locked_until(attempts: QuerySet, limit: int, request: HttpRequest) -> datetime | None:
    """When the lockout by these attempts ends: failures count until cool-off after a row's last
    attempt, so the lockout lasts until the newest rows alone stay under the limit."""
    total = 0
    for attempt_time, failures in attempts.order_by("-attempt_time").values_list(
        "attempt_time", "failures_since_start"
    ):
        total += failures
        if total >= limit:
            return attempt_time + get_cool_off(request)
    return None


def lockout_ends_at(request: HttpRequest, credentials: dict | None = None) -> datetime:
    """The moment the username or address of this request may try again."""
    by_username, by_address = _recent_attempts(request, credentials)
    ends = [
        _locked_until(by_username, get_failure_limit(request, credentials), request),
        _locked_until(by_address, settings.SIGNIN_ADDRESS_FAILURE_LIMIT, request),
    ]
    found = [end for end in ends if end is not None]
    return max(found) if found else timezone.now() + get_cool_off(request)


class SignInAttemptHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit per username and a higher one per address,
    an audit row when a lockout starts, and forgiveness limited to one's own mistakes."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Failures weighed against ``AXES_FAILURE_LIMIT``: an address over its own limit
        counts as a full username limit."""
        by_username, by_address = _recent_attempts(request, credentials)
        failures = _failures(by_username)
        if _failures(by_address) >= settings.SIGNIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # A refused attempt during a lockout leaves the count unset: only the failure that
        # started the lockout is recorded.
        if (
            request is None
            or not getattr(request, "axes_locked_out", False)
            or request.axes_failures_since_start is None
        ):
            return
        by_username, by_address = _recent_attempts(request, credentials)
        services.lockout_record(
            username=get_client_username(request, credentials) or "",
            address=request.axes_ip_address or "",
            failures_for_username=_failures(by_username),
            failures_from_address=_failures(by_address),
            source=request.path,
        )

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        deleted, _rows = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return deleted


def lockout_message(ends_at: datetime, now: datetime) -> str:
    minutes = max(1, math.ceil((ends_at - now).total_seconds() / 60))
    return ngettext(
        "Too many failed attempts to sign in. Try again after %(time)s (in %(minutes)d minute).",
        "Too many failed attempts to sign in. Try again after %(time)s (in %(minutes)d minutes).",
        minutes,
    ) % {"time": formats.time_format(timezone.localtime(ends_at), "H:i"), "minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """What a locked-out sign-in gets (429, with Retry-After): a page in the site's layout that
    says until when and whom to contact, or JSON with the same message for the API."""
    now = timezone.now()
    ends_at = lockout_ends_at(request, credentials)
    message = lockout_message(ends_at, now)
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse({"detail": message}, status=settings.AXES_HTTP_RESPONSE_CODE)
    else:
        response = render(
            request,
            "registration/locked_out.html",
            {
                "message": message,
                "ends_at": timezone.localtime(ends_at),
                "support_email": settings.SUPPORT_EMAIL,
                "admin_login": request.path_info.startswith("/admin/"),
            },
            status=settings.AXES_HTTP_RESPONSE_CODE,
        )
    response["Retry-After"] = str(max(1, math.ceil((ends_at - now).total_seconds())))
    return response
