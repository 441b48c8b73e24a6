from django.urls import path

from . import views
from .api import hsds

app_name = "catalogue"
urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/<uuid:uuid>/", views.directory_entry_detail, name="directory-entry"),
    path("catalogue/", views.offer_list, name="offer-list"),
    path("catalogue/new/", views.offer_edit, name="offer-create"),
    path("catalogue/offers/<slug:slug>/", views.offer_detail, name="offer-detail"),
    path("catalogue/offers/<slug:slug>/edit/", views.offer_edit, name="offer-edit"),
    path("catalogue/inclusion/", views.inclusion_matrix, name="inclusion-matrix"),
    path("catalogue/inclusion/report/", views.inclusion_report, name="inclusion-report"),
    path(
        "catalogue/inclusion/<slug:slug>/<slug:code>/",
        views.inclusion_cell,
        name="inclusion-cell",
    ),
    path("catalogue/directory/", views.directory_manage, name="directory-manage"),
    path("catalogue/directory/new/", views.directory_entry_edit, name="directory-entry-create"),
    path(
        "catalogue/directory/<uuid:uuid>/edit/",
        views.directory_entry_edit,
        name="directory-entry-edit",
    ),
    path(
        "catalogue/directory/<uuid:uuid>/check/",
        views.directory_entry_check,
        name="directory-entry-check",
    ),
    path("vacancies/", views.vacancy_list, name="vacancy-list"),
    path("vacancies/region/", views.vacancy_region, name="vacancy-region"),
    path("vacancies/import/", views.vacancy_import, name="vacancy-import"),
    path("vacancies/import/<uuid:pk>/", views.vacancy_import_job, name="vacancy-import-job"),
    path("vacancies/export/", views.vacancy_export, name="vacancy-export"),
    path("vacancies/digest/", views.vacancy_subscription, name="vacancy-subscription"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy-detail"),
    # Open Referral HSDS 3.0, public; described by the upstream openapi.json, not ours.
    path("api/hsds/", hsds.index, name="hsds-index"),
    path("api/hsds/services", hsds.services, name="hsds-services"),
    path("api/hsds/services/<str:id>", hsds.service_detail, name="hsds-service"),
    path("api/hsds/organizations", hsds.organizations, name="hsds-organizations"),
    path("api/hsds/organizations/<str:id>", hsds.organization_detail, name="hsds-organization"),
    path(
        "api/hsds/service_at_locations", hsds.service_at_locations, name="hsds-service-at-locations"
    ),
    path(
        "api/hsds/service_at_locations/<str:id>",
        hsds.service_at_location_detail,
        name="hsds-service-at-location",
    ),
    path("api/hsds/taxonomies", hsds.taxonomies, name="hsds-taxonomies"),
    path("api/hsds/taxonomies/<str:id>", hsds.taxonomy_detail, name="hsds-taxonomy"),
    path("api/hsds/taxonomy_terms", hsds.taxonomy_terms, name="hsds-taxonomy-terms"),
    path("api/hsds/taxonomy_terms/<str:id>", hsds.taxonomy_term_detail, name="hsds-taxonomy-term"),
]
