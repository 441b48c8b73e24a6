import pytest

from lokaalwerk.results import services
from lokaalwerk.results.constants import ProgressStatus, RollupMethod, RollupNode
from lokaalwerk.results.rollup import figures_by_key, rollup_compute
from lokaalwerk.results.selectors import latest_update_by_action
from lokaalwerk.results.services import ResultsError

from .factories import ProgressUpdateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def progress(plan, period):
    """1.1 at 20%, 1.2 at 60%, 2.1 not applicable (80%), 3.1 without update."""
    for code, value, status in [
        ("1.1", 20, ProgressStatus.ON_TRACK),
        ("1.2", 60, ProgressStatus.AT_RISK),
        ("2.1", 80, ProgressStatus.NOT_APPLICABLE),
    ]:
        ProgressUpdateFactory(
            action=plan.actions.get(code=code), period=period, progress=value, status=status
        )
    return plan


def _figures(plan):
    root = rollup_compute(agreement=plan, latest=latest_update_by_action(agreement=plan))
    return root, figures_by_key(root)


def _domain(plan, number):
    return plan.domains.get(number=number)


def test_the_average_leaves_out_not_applicable_and_missing_updates_and_lists_its_inputs(progress):
    root, figures = _figures(progress)
    d1 = figures[f"domain-{_domain(progress, 1).pk}"]
    assert d1.value == 40
    assert [(i.value, i.weight) for i in d1.inputs] == [(20, 0.5), (60, 0.5)]
    d2 = figures[f"domain-{_domain(progress, 2).pk}"]
    assert d2.value is None
    assert d2.inputs[0].excluded == "not applicable"
    d3 = figures[f"domain-{_domain(progress, 3).pk}"]
    assert d3.inputs[0].excluded == "no update yet"
    theme1 = root.children[0]
    assert theme1.value == 40  # domain 2 has no figure and is left out
    assert [i.excluded for i in theme1.inputs] == ["", "no figure"]
    assert root.value == 40


def test_weights_are_normalised(progress, city_coordinator):
    d1 = _domain(progress, 1)
    a11, a12 = progress.actions.get(code="1.1"), progress.actions.get(code="1.2")
    services.rollup_rule_set(
        actor=city_coordinator,
        agreement=progress,
        node_type=RollupNode.DOMAIN,
        node_id=d1.pk,
        method=RollupMethod.WEIGHTED,
        weights={str(a11.pk): 3, str(a12.pk): 1},
    )
    _root, figures = _figures(progress)
    figure = figures[f"domain-{d1.pk}"]
    assert figure.value == pytest.approx(20 * 0.75 + 60 * 0.25)
    assert [i.weight for i in figure.inputs] == [0.75, 0.25]


def test_minimum_and_manual_rules(progress, city_coordinator):
    d1 = _domain(progress, 1)
    services.rollup_rule_set(
        actor=city_coordinator,
        agreement=progress,
        node_type=RollupNode.DOMAIN,
        node_id=d1.pk,
        method=RollupMethod.MINIMUM,
    )
    assert _figures(progress)[1][f"domain-{d1.pk}"].value == 20
    services.rollup_rule_set(
        actor=city_coordinator,
        agreement=progress,
        node_type=RollupNode.AGREEMENT,
        node_id=progress.pk,
        method=RollupMethod.MANUAL,
        manual_value=55,
        reason="Stuurgroep schat de voortgang in",
    )
    root, _figures_by_key = _figures(progress)
    assert (root.value, root.reason) == (55, "Stuurgroep schat de voortgang in")
    assert progress.changes.filter(kind="rollup.rule").count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"method": RollupMethod.MANUAL, "manual_value": 50}, "reason"),
        ({"method": RollupMethod.MANUAL, "manual_value": 150, "reason": "x"}, "manual_value"),
        ({"method": RollupMethod.WEIGHTED, "weights": {"1": -1, "2": 0}}, "weights"),
        ({"method": "median"}, "method"),
    ],
)
def test_bad_rules_are_refused(progress, city_coordinator, values, field):
    with pytest.raises(ResultsError) as error:
        services.rollup_rule_set(
            actor=city_coordinator,
            agreement=progress,
            node_type=RollupNode.AGREEMENT,
            node_id=progress.pk,
            **values,
        )
    assert field in error.value.message_dict


def test_the_agreement_page_shows_how_each_figure_was_computed(client, progress, partner_staff):
    client.force_login(partner_staff)
    html = client.get(f"/agreements/{progress.slug}/").content.decode()
    assert 'id="figure-agreement-' in html
    assert "Hoe werd dit berekend?" in html or "How was this computed?" in html
    assert "Actie 1.1" in html
