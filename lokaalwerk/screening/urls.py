from django.urls import path

from . import views

app_name = "screening"
urlpatterns = [
    path("screening/", views.round_list, name="list"),
    path("screening/new/", views.round_create, name="create"),
    path("screening/<int:pk>/", views.round_detail, name="round"),
    path("screening/<int:pk>/approve/", views.round_approve, name="approve"),
    path("screening/<int:pk>/upload/", views.token_upload, name="upload"),
    path("screening/<int:pk>/link/", views.round_link, name="link"),
    path("screening/<int:pk>/close/", views.round_close, name="close"),
    path("screening/<int:pk>/counts/", views.round_counts, name="counts"),
    path("screening/<int:pk>/results/<slug:organisation>/", views.result_detail, name="result"),
    path(
        "screening/<int:pk>/results/<slug:organisation>/download/",
        views.result_download,
        name="result-download",
    ),
    path(
        "screening/<int:pk>/results/<slug:organisation>/refer/<str:record_id>/",
        views.follow_up,
        name="follow-up",
    ),
]
