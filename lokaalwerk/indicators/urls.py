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
    path("figures/import/jobs/<uuid:pk>/", views.import_job, name="import-job"),
    path("figures/import/<str:token>/", views.import_preview, name="import-preview"),
    path("figures/targets/", views.target_list, name="target-list"),
    path("figures/targets/new/", views.target_create, name="target-create"),
    path("figures/targets/<int:pk>/", views.target_update, name="target-update"),
    path("figures/targets/<int:pk>/delete/", views.target_delete, name="target-delete"),
]
