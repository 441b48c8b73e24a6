from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("referrals/", views.referral_inbox, name="inbox"),
    path("referrals/new/", views.referral_create, name="create"),
    path("referrals/statistics/", views.referral_statistics, name="statistics"),
    path("referrals/messages/", views.message_list, name="messages"),
    path("referrals/messages/<int:pk>/read/", views.message_read, name="message-read"),
    path("referrals/<int:pk>/", views.referral_detail, name="detail"),
    path("referrals/<int:pk>/step/", views.referral_transition, name="transition"),
    path("clients/", views.client_list, name="client-list"),
    path("clients/new/", views.client_create, name="client-create"),
    path("clients/<int:pk>/", views.client_detail, name="client-detail"),
    path("clients/<int:pk>/edit/", views.client_edit, name="client-edit"),
    path("clients/<int:pk>/consents/new/", views.consent_create, name="consent-create"),
    path("clients/<int:pk>/export.json", views.client_export_json, name="client-export-json"),
    path("clients/<int:pk>/export.pdf", views.client_export_pdf, name="client-export-pdf"),
    path("clients/<int:pk>/erase/", views.client_erase, name="client-erase"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("consents/<int:pk>/form/", views.consent_form, name="consent-form"),
    path(
        "consents/explanation/<slug:purpose>/",
        views.consent_explanation,
        name="consent-explanation",
    ),
    path("privacy/audit/", views.audit_log, name="audit"),
    path("popup/", views.popup, name="popup"),
    path("popup/book/", views.popup_book, name="popup-book"),
    path("popup/slots/new/", views.popup_slot_create, name="popup-slot-create"),
    path("popup/report/", views.popup_report, name="popup-report"),
    path("popup/bookings/<int:pk>/attendance/", views.popup_attendance, name="popup-attendance"),
    path("popup/bookings/<int:pk>/cancel/", views.popup_cancel, name="popup-cancel"),
]
