"""Error answers: a page in the site's layout, or JSON with a ``detail`` under /api/."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .uploads import RequestTooLarge, size_text


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def null_character_reason() -> str:
    return _(
        "The request contains a null character (an invisible character, often from pasted "
        "text), which is never accepted. Remove it and try again."
    )


def _too_large(request, exception):
    """A request body over the upload ceiling was not received: say so (413), in the user's
    language, rather than a bare "bad request"."""
    limit = (
        settings.UPLOAD_REQUEST_MAX_BYTES
        if isinstance(exception, RequestTooLarge)
        else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
    if _is_api(request):
        reason = _("The request is larger than %(limit)s; nothing was read.") % {
            "limit": size_text(limit)
        }
        return JsonResponse({"detail": reason}, status=413)
    return render(request, "errors/413.html", {"limit_text": size_text(limit)}, status=413)


def bad_request(request, exception=None):
    from lokaalwerk.core.null_characters import NullCharacterInRequest

    if isinstance(exception, RequestDataTooBig):
        return _too_large(request, exception)
    if isinstance(exception, NullCharacterInRequest):
        reason = null_character_reason()
    else:
        reason = _("The request could not be read. Check what you sent and try again.")
    if _is_api(request):
        return JsonResponse({"detail": reason}, status=400)
    return render(request, "errors/400.html", {"reason": reason}, status=400)


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Not found, or not visible to you.")}, status=404)
    return render(request, "errors/404.html", status=404)


def forbidden(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Your role does not allow this.")}, status=403)
    return render(request, "errors/403.html", status=403)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "Er ging iets mis / Something went wrong"}, status=500)
    return render(request, "errors/500.html", status=500)
