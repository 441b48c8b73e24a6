from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("import/", views.agreement_upload, name="import"),
    path("import/<int:pk>/", views.agreement_import_preview, name="import-preview"),
    path("import/<int:pk>/confirm/", views.agreement_import_confirm, name="import-confirm"),
    path("<slug:slug>/", views.agreement_detail, name="detail"),
    path("<slug:slug>/actions/<str:code>/", views.action_detail, name="action"),
]
