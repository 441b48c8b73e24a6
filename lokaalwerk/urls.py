from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("", include("lokaalwerk.core.urls")),
    path("accounts/", include("lokaalwerk.accounts.urls")),
    path("agreements/", include("lokaalwerk.agreements.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("lokaalwerk.results.urls")),
    path("", include("lokaalwerk.governance.urls")),
    path("", include("lokaalwerk.indicators.urls")),
    path("", include("lokaalwerk.referrals.urls")),
    path("", include("lokaalwerk.catalogue.urls")),
    path("", include("lokaalwerk.screening.urls")),
    path("api/v1/", include("lokaalwerk.accounts.api.urls")),
    path("api/v1/", include("lokaalwerk.agreements.api.urls")),
    path("api/v1/", include("lokaalwerk.results.api.urls")),
    path("api/v1/", include("lokaalwerk.governance.api.urls")),
    path("api/v1/", include("lokaalwerk.indicators.api.urls")),
    path("api/v1/", include("lokaalwerk.referrals.api.urls")),
    path("api/v1/", include("lokaalwerk.catalogue.api.urls")),
    path("api/v1/", include("lokaalwerk.screening.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

# Uploaded files are never served from MEDIA_URL, not even while debugging: each is read
# through a view that asks the policies (evidence, signed consent forms).

handler400 = "lokaalwerk.core.errors.bad_request"
handler404 = "lokaalwerk.core.errors.not_found"
handler403 = "lokaalwerk.core.errors.forbidden"
handler500 = "lokaalwerk.core.errors.server_error"
