"""Signing out sessions left idle.

A screen left signed in must not keep showing client files (GDPR art. 32): people who can open
them (``policies.handles_client_data``) are signed out after
``SESSION_IDLE_MINUTES_CLIENT_DATA`` minutes without a request, everybody else after
``SESSION_IDLE_MINUTES``. No session lasts longer than ``SESSION_COOKIE_AGE`` after signing
in, however busy. The sign-in page then says why; an htmx request is sent there with
HX-Redirect instead of swapping a sign-in page into a fragment.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from . import policies

LAST_SEEN_KEY = "lokaalwerk_last_seen"
SIGNED_IN_KEY = "lokaalwerk_signed_in"
# Saving the session on every request would write to the database on every click; knowing the
# last activity to the minute is enough.
TOUCH_AFTER_SECONDS = 60
API_PREFIX = "/api/"


def idle_limit_minutes(user) -> int:
    """How long this person's session may stay idle."""
    if policies.handles_client_data(user):
        return settings.SESSION_IDLE_MINUTES_CLIENT_DATA
    return settings.SESSION_IDLE_MINUTES


def session_started(sender, request: HttpRequest, user, **kwargs) -> None:
    """On signing in, the session's clock starts (``user_logged_in``)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_SEEN_KEY] = session[SIGNED_IN_KEY] = time.time()


def _expired(request: HttpRequest, now: float) -> int | None:
    """The idle minutes after which this session ended (0 for its maximum age), or None while
    it lasts. Marks the activity as it goes."""
    session = request.session
    last_seen, signed_in = session.get(LAST_SEEN_KEY), session.get(SIGNED_IN_KEY)
    if last_seen is None or signed_in is None:
        # A session signed in before these rules applied starts its clock now.
        session[LAST_SEEN_KEY] = session[SIGNED_IN_KEY] = now
        return None
    if now - signed_in > settings.SESSION_COOKIE_AGE:
        return 0
    idle = now - last_seen
    shortest = min(settings.SESSION_IDLE_MINUTES_CLIENT_DATA, settings.SESSION_IDLE_MINUTES)
    # The rules are asked only when the idle time could matter.
    if idle > shortest * 60:
        limit = idle_limit_minutes(request.user)
        if idle > limit * 60:
            return limit
    if idle >= TOUCH_AFTER_SECONDS:
        session[LAST_SEEN_KEY] = now
    return None


def _page_to_return_to(request: HttpRequest) -> str | None:
    """Where to go after signing in again: the page on screen, not the fragment or the form
    action that found the session gone."""
    if getattr(request, "htmx", False):
        return request.htmx.current_url_abs_path
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return urlsplit(referer)._replace(scheme="", netloc="").geturl()
    return None


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    sign_in = resolve_url(settings.LOGIN_URL)
    page = _page_to_return_to(request)
    if page and urlsplit(page).path != sign_in:
        response = redirect_to_login(page)
    else:
        response = HttpResponseRedirect(sign_in)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(response["Location"])
    return response


class SessionTimeoutMiddleware:
    """Ends idle sessions; sends htmx requests that need a sign-in to the sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            limit = _expired(request, time.time())
            if limit is not None:
                return self._sign_out(request, limit)
        response = self.get_response(request)
        return self._htmx_sign_in(request, response)

    def _sign_out(self, request: HttpRequest, limit: int) -> HttpResponse:
        logout(request)
        if request.path_info.startswith(API_PREFIX):
            # An API call goes on unauthenticated and gets the API's own answer.
            return self.get_response(request)
        if limit:
            text = ngettext(
                "You were signed out because you were inactive for %(minutes)d minute. "
                "Sign in again to continue.",
                "You were signed out because you were inactive for %(minutes)d minutes. "
                "Sign in again to continue.",
                limit,
            ) % {"minutes": limit}
        else:
            text = ngettext(
                "You were signed out because you signed in more than %(days)d day ago. "
                "Sign in again to continue.",
                "You were signed out because you signed in more than %(days)d days ago. "
                "Sign in again to continue.",
                settings.SESSION_COOKIE_AGE // 86400,
            ) % {"days": settings.SESSION_COOKIE_AGE // 86400}
        messages.info(request, text)
        return _to_sign_in(request)

    def _htmx_sign_in(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """A fragment asked for without a session would be answered with a redirect that htmx
        follows and swaps in: send the whole page to the sign-in page instead."""
        if not getattr(request, "htmx", False) or response.status_code not in (301, 302):
            return response
        if urlsplit(response["Location"]).path != resolve_url(settings.LOGIN_URL):
            return response
        redirect = _to_sign_in(request)
        redirect.cookies = response.cookies
        return redirect
