import pytest

from lokaalwerk.agreements.models import Agreement
from lokaalwerk.core.demo import demo_load


@pytest.fixture
def demo(db) -> Agreement:
    """The Mechelen demo, loaded from the project's own structured description."""
    demo_load()
    return Agreement.objects.get(slug="stad-mechelen-2021-2025")
