"""The Dutch translation is complete and each compiled catalogue matches its source."""

import polib
import pytest

from lokaalwerk.core.testing import REPO_ROOT

CATALOGUES = sorted((REPO_ROOT / "lokaalwerk").glob("**/locale/nl_BE/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_message_has_a_dutch_translation(po_path):
    po = polib.pofile(str(po_path))
    missing = [entry.msgid for entry in po if not entry.translated() and not entry.obsolete]
    assert missing == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_the_compiled_catalogue_matches_the_source(po_path):
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo
    }
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (
            entry.msgstr,
            tuple(sorted(entry.msgstr_plural.items())),
        ), f"{po_path.with_suffix('.mo')} is stale for {entry.msgid!r}: compile it"


def test_the_project_catalogue_is_found():
    assert any(p.parts[-5] == "lokaalwerk" for p in CATALOGUES)
