from django.urls import path

from . import views

app_name = "results"
urlpatterns = [
    path("results/my-updates/", views.my_updates, name="my-updates"),
    path("results/<slug:slug>/approvals/", views.approvals, name="approvals"),
    path("results/<slug:slug>/approvals/<int:pk>/", views.update_review, name="review"),
    path("results/<slug:slug>/overdue/", views.overdue, name="overdue"),
    path("results/<slug:slug>/periods/", views.periods, name="periods"),
    path("results/<slug:slug>/updates/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("results/<slug:slug>/principles/", views.principles_matrix, name="principles"),
    path("results/<slug:slug>/rollup/", views.rollup_rules, name="rollup"),
    path(
        "results/<slug:slug>/rollup/<str:node_type>/<int:node_id>/",
        views.rollup_rule_edit,
        name="rollup-rule",
    ),
    path("results/<slug:slug>/publication/", views.publication, name="publication"),
    path("results/<slug:slug>/snapshots/", views.snapshots, name="snapshots"),
    path("results/<slug:slug>/snapshots/compare/", views.snapshot_diff, name="snapshot-compare"),
    path("results/<slug:slug>/snapshots/<int:pk>/", views.snapshot_detail, name="snapshot"),
    path("results/<slug:slug>/export/<str:fmt>/", views.export, name="export"),
    path("results/<slug:slug>/import/", views.import_upload, name="import"),
    path("results/<slug:slug>/next/", views.agreement_next, name="next"),
    path("results/<slug:slug>/actions/<str:code>/update/", views.update_create, name="update"),
    path(
        "results/<slug:slug>/actions/<str:code>/unchanged/",
        views.update_unchanged,
        name="unchanged",
    ),
    path("results/<slug:slug>/actions/<str:code>/owners/", views.owners, name="owners"),
    path(
        "results/<slug:slug>/actions/<str:code>/milestones/", views.milestones, name="milestone-add"
    ),
    path(
        "results/<slug:slug>/actions/<str:code>/milestones/<int:pk>/",
        views.milestones,
        name="milestone-edit",
    ),
    path("results/<slug:slug>/actions/<str:code>/principles/", views.assess, name="assess"),
    path("public/results/", views.public_list, name="public-list"),
    path("public/results/<slug:slug>/", views.public_agreement, name="public"),
]
