from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from . import policies, selectors


@login_required
def organisation_list(request):
    if not policies.can_view_organisations(request.user):
        raise PermissionDenied
    organisations = selectors.organisation_list(user=request.user)
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


@login_required
def organisation_detail(request, slug: str):
    organisation = selectors.organisation_get(user=request.user, slug=slug)
    return render(request, "accounts/organisation_detail.html", {"organisation": organisation})
