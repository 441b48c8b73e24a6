"""Rolling progress up from action to action domain, theme and agreement.

Each node has a rule (average, weighted average with weights normalised, minimum, or a value
set by hand with a reason); actions whose status is "not applicable", or that have no update
yet, are left out. Every figure keeps the inputs it came from, so the page can answer "how was
this computed" instead of showing a percentage nobody can explain.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lokaalwerk.agreements.models import Agreement

from .constants import ProgressStatus, RollupMethod, RollupNode
from .models import ProgressUpdate, RollupRule


@dataclass
class Input:
    label: str
    value: float | None
    weight: float | None = None
    excluded: str = ""


@dataclass
class Figure:
    """A rolled-up value with the rule and inputs that produced it."""

    node_type: str
    node_id: int
    label: str
    value: float | None
    method: str
    reason: str = ""
    inputs: list[Input] = field(default_factory=list)
    children: list[Figure] = field(default_factory=list)

    @property
    def method_label(self) -> str:
        return RollupMethod(self.method).label

    @property
    def rounded(self) -> int | None:
        return None if self.value is None else round(self.value)

    @property
    def key(self) -> str:
        return f"{self.node_type}-{self.node_id}"


def _combine(rule: RollupRule | None, inputs: list[Input], ids: list[int]) -> float | None:
    method = rule.method if rule else RollupMethod.AVERAGE
    if method == RollupMethod.MANUAL:
        return float(rule.manual_value)
    counted = [(i, pk) for i, pk in zip(inputs, ids, strict=True) if not i.excluded]
    if not counted:
        return None
    if method == RollupMethod.MINIMUM:
        return min(i.value for i, _pk in counted)
    if method == RollupMethod.WEIGHTED:
        raw = [float(rule.weights.get(str(pk), 0)) for _i, pk in counted]
        total = sum(raw)
        if total <= 0:
            for i, _pk in counted:
                i.excluded = _("weight 0")
            return None
        for (i, _pk), weight in zip(counted, raw, strict=True):
            i.weight = weight / total
        return sum(i.value * i.weight for i, _pk in counted)
    share = 1 / len(counted)
    for i, _pk in counted:
        i.weight = share
    return sum(i.value for i, _pk in counted) / len(counted)


def _node(rule, node_type, node_id, label, inputs, ids, children=()) -> Figure:
    value = _combine(rule, inputs, ids)
    return Figure(
        node_type=node_type,
        node_id=node_id,
        label=label,
        value=value,
        method=rule.method if rule else RollupMethod.AVERAGE,
        reason=rule.reason if rule else "",
        inputs=inputs,
        children=list(children),
    )


def _child_input(figure: Figure) -> Input:
    if figure.value is None:
        return Input(figure.label, None, excluded=_("no figure"))
    return Input(figure.label, figure.value)


def rollup_compute(
    *, agreement: Agreement, latest: dict[int, ProgressUpdate], structure=None
) -> Figure:
    """The agreement's figure with its themes and domains below it.

    ``latest`` maps action id to its latest update (see selectors). ``structure`` is the
    agreement's themes with domains and actions already fetched (a prefetched agreement);
    without it the tree is read in three queries."""
    rules = {(r.node_type, r.node_id): r for r in RollupRule.objects.filter(agreement=agreement)}
    themes = structure if structure is not None else _structure(agreement)
    theme_figures = []
    for theme in themes:
        domain_figures = []
        for domain in theme.domains.all():
            inputs, ids = [], []
            for action in domain.actions.all():
                update = latest.get(action.pk)
                if update is None:
                    item = Input(str(action), None, excluded=_("no update yet"))
                elif update.status == ProgressStatus.NOT_APPLICABLE:
                    item = Input(str(action), update.progress, excluded=_("not applicable"))
                else:
                    item = Input(str(action), float(update.progress))
                inputs.append(item)
                ids.append(action.pk)
            domain_figures.append(
                _node(
                    rules.get((RollupNode.DOMAIN, domain.pk)),
                    RollupNode.DOMAIN,
                    domain.pk,
                    str(domain),
                    inputs,
                    ids,
                )
            )
        theme_figures.append(
            _node(
                rules.get((RollupNode.THEME, theme.pk)),
                RollupNode.THEME,
                theme.pk,
                theme.title,
                [_child_input(f) for f in domain_figures],
                [f.node_id for f in domain_figures],
                domain_figures,
            )
        )
    return _node(
        rules.get((RollupNode.AGREEMENT, agreement.pk)),
        RollupNode.AGREEMENT,
        agreement.pk,
        agreement.title,
        [_child_input(f) for f in theme_figures],
        [f.node_id for f in theme_figures],
        theme_figures,
    )


def _structure(agreement: Agreement):
    return agreement.themes.prefetch_related("domains__actions")


def figures_by_key(root: Figure) -> dict[str, Figure]:
    found = {root.key: root}
    for child in root.children:
        found.update(figures_by_key(child))
    return found
