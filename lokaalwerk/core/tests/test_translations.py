"""The Dutch translation is complete and its compiled catalogue matches the source."""

import polib

from lokaalwerk.core.testing import REPO_ROOT

CATALOGUE = REPO_ROOT / "lokaalwerk" / "locale" / "nl_BE" / "LC_MESSAGES"


def test_every_message_has_a_dutch_translation():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    missing = [entry.msgid for entry in po if not entry.translated() and not entry.obsolete]
    assert missing == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo
    }
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (
            entry.msgstr,
            tuple(sorted(entry.msgstr_plural.items())),
        ), f"django.mo is stale for {entry.msgid!r}: run compilemessages"
