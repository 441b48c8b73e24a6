"""The sender hears of every step (in the app and by mail) and sees the outcome."""

from django.urls import reverse

from lokaalwerk.referrals import services
from lokaalwerk.referrals.models import InboxMessage


def test_sender_is_told_at_each_step(
    make_referral,
    city_caseworker,
    vdab_consultant,
    mailoutbox,
    django_capture_on_commit_callbacks,
    client,
):
    referral = make_referral(sent=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_accept(actor=vdab_consultant, referral=referral)
        services.referral_start(actor=vdab_consultant, referral=referral)
        services.referral_complete(actor=vdab_consultant, referral=referral, outcome="training")
    messages = InboxMessage.objects.filter(recipient=city_caseworker, referral=referral)
    assert messages.count() == 3
    assert len(mailoutbox) == 3
    assert all(m.to == [city_caseworker.email] for m in mailoutbox)
    # Mail carries no client data: only the referral number and its state.
    assert all("Cliënt" not in m.body and "Cliënt" not in m.subject for m in mailoutbox)
    client.force_login(city_caseworker)
    inbox = client.get(reverse("referrals:messages"))
    assert inbox.status_code == 200
    newest = messages.first()
    response = client.post(reverse("referrals:message-read", args=[newest.pk]))
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    detail = client.get(response["Location"])
    assert 'id="referral-outcome"' in detail.text


def test_nobody_reads_anothers_messages(make_referral, vdab_consultant, city_caseworker, client):
    referral = make_referral(sent=True)
    services.referral_accept(actor=vdab_consultant, referral=referral)
    message = InboxMessage.objects.get()
    client.force_login(vdab_consultant)
    assert client.post(reverse("referrals:message-read", args=[message.pk])).status_code == 404


def test_inbox_query_count_does_not_grow(make_referral, vdab_consultant, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(vdab_consultant)
    make_referral(sent=True)
    client.get(reverse("referrals:inbox"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("referrals:inbox"))
    for _ in range(15):
        make_referral(sent=True)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("referrals:inbox"))
    assert len(many) == len(few)
    assert response.content.count(b'href="/referrals/') >= 16


def test_inbox_pages_through_older_referrals(make_referral, vdab_consultant, client):
    client.force_login(vdab_consultant)
    for _ in range(52):
        make_referral(sent=True)
    first = client.get(reverse("referrals:inbox"))
    assert first.content.count(b'href="/referrals/') >= 50
    assert b"from=50" in first.content
    second = client.get(reverse("referrals:inbox"), {"from": "50"})
    assert second.context["referrals"].referrals.__len__() == 2
    assert len(client.get("/api/v1/referrals/", {"offset": "50"}).json()) == 2
