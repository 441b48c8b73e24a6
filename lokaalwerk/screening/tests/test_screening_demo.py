import yaml

from lokaalwerk.agreements.services import agreement_import
from lokaalwerk.core.demo import DEMO_AGREEMENT, demo_users_load
from lokaalwerk.screening.constants import RoundStatus
from lokaalwerk.screening.demo import demo_load
from lokaalwerk.screening.models import ScreeningRound, TokenUpload


def test_the_demo_has_a_closed_2025_round_with_counts_only_and_an_open_2026_round(db):
    agreement_import(structure=yaml.safe_load(DEMO_AGREEMENT.read_text(encoding="utf-8")))
    demo_users_load()
    demo_load()
    demo_load()  # a second run creates nothing twice
    assert ScreeningRound.objects.count() == 2
    closed = ScreeningRound.objects.get(year=2025)
    assert closed.status == RoundStatus.CLOSED
    assert closed.counts["pairs"] and all(u.tokens == {} for u in closed.uploads.all())
    current = ScreeningRound.objects.get(year=2026)
    assert current.status == RoundStatus.LINKED
    assert current.approved_by.username == "dpo.stad"
    assert TokenUpload.objects.filter(round=current).exclude(found={}).count() == 3
