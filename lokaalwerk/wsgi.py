"""WSGI entry point for gunicorn: `gunicorn lokaalwerk.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lokaalwerk.settings")

application = get_wsgi_application()


def _freeze_startup_objects() -> None:
    """Load every URL, view and serializer now and move these long-lived objects out of the
    cyclic garbage collector's reach: a full collection then walks only what requests
    allocate, instead of pausing a request that builds a dashboard of thousands of points for
    tens of milliseconds. gunicorn forks its workers after this (with --preload) or runs it in
    each worker; either way the objects are shared and never freed, as they would not be."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports the views
    gc.freeze()


_freeze_startup_objects()
