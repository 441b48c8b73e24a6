import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from lokaalwerk.agreements.models import Action
from lokaalwerk.geography.models import Area
from lokaalwerk.indicators.models import Indicator, Observation
from lokaalwerk.indicators.selectors import indicator_series_for_actions, series_for
from lokaalwerk.indicators.services import aggregates_refresh

pytestmark = pytest.mark.django_db
GROUP = "group-sociale-economie-mechelen"
MEMBERS = ["12005", "12007", "12009", "12014", "12021", "12025", "12029", "12041", "12035", "12040"]


def test_the_dashboard_shows_key_figures_series_youth_and_breakdowns(client, demo, partner_staff):
    client.force_login(partner_staff)
    response = client.get(reverse("indicators:dashboard", args=["12025"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 5 and html.count("<table") >= html.count('class="chart"')
    assert "synthetische demodata" in html
    assert "Regio sociale economie Mechelen" in html and "Vlaams Gewest" in html
    assert 'id="youth-heading"' in html and 'id="breakdown-heading"' in html
    assert reverse("indicators:series-csv", args=["12025", "wzw"]) in html
    assert "Breuk in de reeks" in html  # NWWZ became WZW


def test_the_query_count_does_not_grow_with_the_number_of_indicators(
    client, demo, partner_staff, django_assert_max_num_queries
):
    client.force_login(partner_staff)
    url = reverse("indicators:dashboard", args=[GROUP])
    with django_assert_max_num_queries(30) as few:
        few_charts = client.get(url).content.decode().count('class="indicator-chart"')
    wzw = Indicator.objects.get(code="wzw")
    area = Area.objects.get(code="12025")
    for number in range(8):
        extra = Indicator.objects.create(
            code=f"extra-{number}", name_nl=f"Extra {number}", source="arvastat", order=50
        )
        Observation.objects.bulk_create(
            Observation(indicator=extra, area=area, period_start=o.period_start, value=o.value)
            for o in Observation.objects.filter(indicator=wzw, area=area, breakdown="")[:24]
        )
    aggregates_refresh()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    charts = response.content.decode().count('class="indicator-chart"')
    assert charts == few_charts + 8


def test_a_group_sums_counts_but_never_rates(demo):
    group = Area.objects.get(code=GROUP)
    wzw = Indicator.objects.get(code="wzw")
    rate = Indicator.objects.get(code="werkzoekendengraad")
    computed, summed = series_for(area=group, indicators=[rate, wzw])
    members = Observation.objects.filter(
        indicator=wzw, area__member_of=group, breakdown="", period_start=summed.latest.period
    )
    assert summed.latest.value == sum(o.value for o in members)
    assert Decimal("2") < computed.latest.value < Decimal("15")
    share = Indicator.objects.get(code="jongeren-maghreb-herkomst")
    Observation.objects.create(
        indicator=share, area=Area.objects.get(code="12025"), period_start="2024-01-01", value=23
    )
    (shares,) = series_for(area=group, indicators=[share])
    assert shares.points == [] and shares.note


def test_the_csv_download_holds_the_table_and_its_source(client, demo, partner_staff):
    client.force_login(partner_staff)
    response = client.get(reverse("indicators:series-csv", args=["12025", "wzw-jongeren"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["period", "area", "value", "flag"]
    assert len(rows) == 121 and "synthetische demodata" in rows[1][-1]


def test_outsiders_do_not_see_the_figures(client, demo, outsider):
    client.force_login(outsider)
    assert client.get(reverse("indicators:dashboard", args=["12025"])).status_code == 403
    assert client.get("/api/v1/observations/").status_code == 403


def test_the_action_page_shows_its_linked_indicators_against_the_target(
    client, demo, partner_staff
):
    action = Action.objects.get(agreement__slug="stad-mechelen-2021-2025", code="1.2")
    series = indicator_series_for_actions(actions=[action])
    youth = next(s for s in series if s.code == "wzw-jongeren")
    assert youth.area.code == GROUP and youth.targets[0] == (2021, Decimal("1450"))
    client.force_login(partner_staff)
    response = client.get(reverse("agreements:action", args=[action.agreement.slug, "1.2"]))
    assert response.status_code == 200
    html = response.content
    assert b'id="outcome-heading"' in html and b"1.250" in html  # Dutch grouping


def test_the_api_filters_observations_and_serves_the_dashboard(client, demo, partner_staff):
    client.force_login(partner_staff)
    response = client.get(
        "/api/v1/observations/",
        {"indicator": "wzw", "area": GROUP, "start": "2025-01-01", "breakdown": ""},
    )
    body = response.json()
    assert body["count"] == 10 * 12 + 12  # the members and the group's derived totals
    assert {r["area"] for r in body["results"]} <= {*MEMBERS, GROUP}
    by_gender = client.get(
        "/api/v1/observations/",
        {"indicator": "wzw", "area": "12025", "start": "2025-12-01", "breakdown": "gender=f"},
    ).json()
    assert by_gender["count"] == 1
    assert client.get("/api/v1/observations/", {"start": "gisteren"}).status_code == 400
    dashboard = client.get(f"/api/v1/indicators/dashboard/{GROUP}/").json()
    assert {s["indicator"] for s in dashboard["series"]} >= {"wzw", "werkzoekendengraad"}
    assert client.get("/api/v1/indicators/werkzoekendengraad/").json()["numerator"] == "wzw-18-64"


def test_the_demo_is_idempotent(demo):
    count = Observation.objects.count()
    from lokaalwerk.indicators.demo import demo_load

    demo_load()
    assert Observation.objects.count() == count


def test_a_merged_municipality_is_shown_on_todays_borders_for_counts_only():
    tielt, meulebeke, old_tielt = (
        Area.objects.get(code=code) for code in ("37022", "37007", "37015")
    )
    wzw = Indicator.objects.get(code="wzw")
    share = Indicator.objects.get(code="jongeren-maghreb-herkomst")
    for area, count, rate in ((meulebeke, 300, 2), (old_tielt, 500, 4)):
        Observation.objects.create(indicator=wzw, area=area, period_start="2024-12-01", value=count)
        Observation.objects.create(
            indicator=share, area=area, period_start="2024-01-01", value=rate
        )
    Observation.objects.create(indicator=wzw, area=tielt, period_start="2025-01-01", value=790)
    counts, shares = series_for(area=tielt, indicators=[wzw, share], with_comparisons=False)
    assert [(p.period.isoformat(), p.value) for p in counts.points] == [
        ("2024-12-01", Decimal("800")),
        ("2025-01-01", Decimal("790")),
    ]
    assert shares.points == []  # shares of the old codes are never summed


def test_group_totals_are_derived_but_a_published_group_figure_wins():
    group = Area.objects.get(code=GROUP)
    wzw = Indicator.objects.get(code="wzw")
    for code, value in (("12025", 3000), ("12021", 900)):
        Observation.objects.create(
            indicator=wzw, area=Area.objects.get(code=code), period_start="2025-01-01", value=value
        )
    Observation.objects.create(
        indicator=wzw, area=Area.objects.get(code="12005"), period_start="2025-02-01", value=10
    )
    Observation.objects.create(indicator=wzw, area=group, period_start="2025-02-01", value=5000)
    aggregates_refresh()
    (series,) = series_for(area=group, indicators=[wzw], with_comparisons=False)
    january, february = series.points
    assert (january.value, january.flag) == (Decimal("3900"), "estimate")  # 2 of 10 known
    assert (february.value, february.flag) == (Decimal("5000"), "")
    assert Observation.objects.filter(derived=True).count() == 1 + 2  # group + Rivierenland


def test_breakdowns_are_those_of_the_latest_period_summed_over_old_codes():
    tielt, meulebeke, old_tielt = (
        Area.objects.get(code=code) for code in ("37022", "37007", "37015")
    )
    wzw = Indicator.objects.get(code="wzw")
    wzw.dimensions = ["gender"]
    wzw.save()
    rows = [
        (meulebeke, "2024-11-01", "gender=f", 1),  # an older month: not shown
        (meulebeke, "2024-12-01", "", 300),
        (meulebeke, "2024-12-01", "gender=f", 140),
        (old_tielt, "2024-12-01", "", 500),
        (old_tielt, "2024-12-01", "gender=f", 260),
        (old_tielt, "2024-12-01", "gender=m", 240),
    ]
    for area, period, breakdown, value in rows:
        Observation.objects.create(
            indicator=wzw, area=area, period_start=period, breakdown=breakdown, value=value
        )
    (series,) = series_for(area=tielt, indicators=[wzw], with_comparisons=False)
    assert series.latest.period.isoformat() == "2024-12-01"
    assert dict(next(iter(series.breakdowns.values()))) == {"m": 240, "f": 400}
    Observation.objects.create(indicator=wzw, area=tielt, period_start="2025-01-01", value=790)
    Observation.objects.create(
        indicator=wzw, area=tielt, period_start="2025-01-01", breakdown="gender=m", value=390
    )
    (series,) = series_for(area=tielt, indicators=[wzw], with_comparisons=False)
    assert dict(next(iter(series.breakdowns.values()))) == {"m": 390}


@pytest.mark.parametrize("code", ["12025", GROUP])
def test_the_dashboard_api_writes_what_the_serializer_describes(client, demo, partner_staff, code):
    from rest_framework.renderers import JSONRenderer

    from lokaalwerk.indicators.api.serializers import DashboardSerializer
    from lokaalwerk.indicators.selectors import area_get, dashboard_get

    client.force_login(partner_staff)
    board = dashboard_get(user=partner_staff, area=area_get(code=code))
    described = JSONRenderer().render(DashboardSerializer(board).data)
    written = client.get(f"/api/v1/indicators/dashboard/{code}/").content
    assert json.loads(written) == json.loads(described)
    assert any(s["breakdowns"] for s in json.loads(written)["series"])
