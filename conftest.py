"""Suite-wide test set-up; persona fixtures live in lokaalwerk/core/fixtures.py."""

pytest_plugins = ["lokaalwerk.core.fixtures"]
