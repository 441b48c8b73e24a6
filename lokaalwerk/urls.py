from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("", include("lokaalwerk.core.urls")),
    path("accounts/", include("lokaalwerk.accounts.urls")),
    path("agreements/", include("lokaalwerk.agreements.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("lokaalwerk.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "lokaalwerk.core.errors.not_found"
handler403 = "lokaalwerk.core.errors.forbidden"
handler500 = "lokaalwerk.core.errors.server_error"
