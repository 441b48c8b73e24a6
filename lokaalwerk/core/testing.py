"""Test helpers shared by every app's tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

#: Skip reasons for tests that need the shared reference material start with this text,
#: so that CI can refuse a run in which any of them was skipped.
SHARED_SKIP_PREFIX = "needs ../shared"


def shared_dir() -> Path:
    """The folder with the reference material (seed agreement, real exports, schemas)."""
    configured = os.environ.get("LOKAALWERK_SHARED_DIR")
    return Path(configured) if configured else REPO_ROOT.parent / "shared"


def require_shared(relative: str) -> Path:
    """Return ``shared/<relative>``, or skip the calling test when it is absent."""
    path = shared_dir() / relative
    if not path.exists():
        pytest.skip(f"{SHARED_SKIP_PREFIX}/{relative}: not present in this checkout")
    return path
