import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_administrators_set_up_agreements_in_the_admin(admin_client, demo):
    assert admin_client.get(reverse("admin:agreements_agreement_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:agreements_agreement_change", args=[demo.pk]))
    assert page.status_code == 200
    assert "Samen sterk voor lokaal werk" in page.content.decode()
    action = demo.actions.get(code="2.1")
    assert (
        admin_client.get(reverse("admin:agreements_action_change", args=[action.pk])).status_code
        == 200
    )


def test_plan_history_cannot_be_edited_in_the_admin(admin_client, demo):
    response = admin_client.get(reverse("admin:agreements_planchange_changelist"))
    assert response.status_code == 200
