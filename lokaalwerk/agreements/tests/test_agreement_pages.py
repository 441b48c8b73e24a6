import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_ask_anonymous_visitors_to_sign_in(client, demo):
    for url in [
        reverse("agreements:list"),
        reverse("agreements:detail", args=[demo.slug]),
        reverse("agreements:action", args=[demo.slug, "2.3"]),
        reverse("accounts:organisation-list"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_overview_shows_parties_period_principles_and_tree(client, demo, vdab_consultant):
    client.force_login(vdab_consultant)
    response = client.get(reverse("agreements:detail", args=[demo.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Samen sterk voor lokaal werk in 2020-2025" in html
    assert "Wim Adriaens" in html and "gedelegeerd bestuurder" in html
    assert "beëindigd op 31 december 2025" in html
    assert html.count('class="code"') >= 19  # 15 actions and 4 sub-items
    assert "Stuurgroep stad Mechelen - VDAB" in html


def test_the_overview_counts_the_days_left_while_running(client, demo, vdab_consultant, settings):
    demo.end_date = demo.end_date.replace(year=2099)
    demo.save()
    client.force_login(vdab_consultant)
    html = client.get(reverse("agreements:detail", args=[demo.slug])).content.decode()
    assert "dagen te gaan" in html


def test_the_action_page_shows_commitments_per_partner(client, demo, city_caseworker):
    client.force_login(city_caseworker)
    response = client.get(reverse("agreements:action", args=[demo.slug, "2.1"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Werken aan reële drempels naar de arbeidsmarkt toe" in html
    assert "2.1.4" in html and "Mobiliteit" in html
    assert "Engagementen per partner" in html


def test_the_english_switch_translates_the_page(client, demo, city_caseworker):
    client.force_login(city_caseworker)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("agreements:action", args=[demo.slug, "2.1"])).content.decode()
    assert "Commitments per partner" in html


def test_an_unknown_action_is_not_found(client, demo, city_caseworker):
    client.force_login(city_caseworker)
    response = client.get(reverse("agreements:action", args=[demo.slug, "9.9"]))
    assert response.status_code == 404


def test_the_organisation_pages_list_departments_and_actions(client, demo, partner_staff):
    client.force_login(partner_staff)
    html = client.get(reverse("accounts:organisation-list")).content.decode()
    assert "Sociaal Huis" in html
    html = client.get(
        reverse("accounts:organisation-detail", args=["stad-mechelen"])
    ).content.decode()
    assert "Samen sterk voor lokaal werk" in html


def test_a_member_of_no_organisation_sees_no_plan(client, demo, outsider):
    client.force_login(outsider)
    response = client.get(reverse("agreements:detail", args=[demo.slug]))
    assert response.status_code == 404


def test_only_coordinators_may_import(client, city_caseworker, city_coordinator):
    client.force_login(city_caseworker)
    assert client.get(reverse("agreements:import")).status_code == 403
    client.force_login(city_coordinator)
    assert client.get(reverse("agreements:import")).status_code == 200
