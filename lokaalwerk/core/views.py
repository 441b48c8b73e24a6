from django.shortcuts import render

from lokaalwerk.agreements import selectors as agreement_selectors


def home(request):
    agreements = (
        agreement_selectors.agreement_list(user=request.user)
        if request.user.is_authenticated
        else []
    )
    return render(request, "core/home.html", {"agreements": agreements})
