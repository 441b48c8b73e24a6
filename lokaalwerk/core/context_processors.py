from django.conf import settings


def platform(request):
    return {"platform_name": "Lokaal Werk", "debug": settings.DEBUG}
