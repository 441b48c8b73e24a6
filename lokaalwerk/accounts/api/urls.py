"""API routes of the accounts app, mounted under /api/v1/."""

from django.urls import path

from .views import ApiTokenView

urlpatterns = [
    path("auth/token/", ApiTokenView.as_view(), name="api-token"),
]
