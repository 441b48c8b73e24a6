from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("governance/", views.body_list, name="bodies"),
    path("governance/bodies/<int:pk>/", views.body_detail, name="body"),
    path("governance/bodies/<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("governance/bodies/<int:pk>/calendar.ics", views.body_feed, name="body-feed"),
    path("governance/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("governance/meetings/<int:pk>/edit/", views.meeting_update, name="meeting-update"),
    path("governance/meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("governance/meetings/<int:pk>/invite/", views.invitations_send, name="invite"),
    path("governance/meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("governance/meetings/<int:pk>/agenda/", views.agenda_item_add, name="agenda-add"),
    path(
        "governance/meetings/<int:pk>/agenda/accept/",
        views.agenda_item_accept,
        name="agenda-accept",
    ),
    path("governance/meetings/<int:pk>/minutes/", views.minutes_edit, name="minutes"),
    path(
        "governance/meetings/<int:pk>/minutes/approve/",
        views.minutes_approve,
        name="minutes-approve",
    ),
    path("governance/meetings/<int:pk>/publish/", views.meeting_publish, name="publish"),
    path(
        "governance/meetings/<int:pk>/decisions/new/", views.decision_create, name="decision-create"
    ),
    path(
        "governance/meetings/<int:pk>/follow-ups/", views.follow_up_create, name="follow-up-create"
    ),
    path("governance/follow-ups/<int:pk>/status/", views.follow_up_status, name="follow-up-status"),
    path("governance/meetings/<int:pk>/pack/build/", views.pack_build, name="pack-build"),
    path("governance/meetings/<int:pk>/pack/", views.pack_detail, name="pack"),
    path("governance/meetings/<int:pk>/pack.pdf", views.pack_pdf, name="pack-pdf"),
    path("governance/invitations/<int:pk>/reply/", views.invitation_reply, name="reply"),
    path("governance/plans/<slug:slug>/history/", views.plan_history, name="plan-history"),
    path("governance/calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.personal_feed, name="personal-feed"),
    path("calendar/<str:token>/bodies/<int:pk>.ics", views.token_body_feed, name="token-body-feed"),
    path("public/governance/", views.public_meetings, name="public"),
]
