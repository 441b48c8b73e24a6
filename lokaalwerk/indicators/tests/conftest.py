import pytest
import yaml

from lokaalwerk.agreements.services import agreement_import
from lokaalwerk.core.demo import DEMO_AGREEMENT, demo_users_load
from lokaalwerk.indicators import demo as indicators_demo


@pytest.fixture
def demo(db):
    """The Mechelen agreement, its demo users and the synthetic figures."""
    structure = yaml.safe_load(DEMO_AGREEMENT.read_text(encoding="utf-8"))
    agreement_import(structure=structure, source="demo")
    demo_users_load()
    indicators_demo.demo_load()
