from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("figures/", views.home, name="home"),
    path("figures/area/<str:area_code>/", views.dashboard, name="dashboard"),
    path(
        "figures/area/<str:area_code>/<slug:code>.csv",
        views.series_csv,
        name="series-csv",
    ),
    path("figures/import/", views.import_upload, name="import-upload"),
    path("figures/import/<str:token>/", views.import_preview, name="import-preview"),
]
