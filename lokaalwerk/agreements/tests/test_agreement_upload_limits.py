"""An agreement runs to some tens of pages: a far longer text or PDF is refused before the
importer spends minutes recognising it."""

from __future__ import annotations

import pytest
from django.utils import translation

from lokaalwerk.agreements.importer import AgreementImportError, text
from lokaalwerk.agreements.importer.text import read_source
from lokaalwerk.agreements.tests.pdf_fixtures import typeset_pdf


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl-be"):
        yield


def test_a_text_far_longer_than_an_agreement_is_refused(monkeypatch):
    monkeypatch.setattr(text, "MAX_TEXT_CHARS", 1000)
    assert read_source(b"Samenwerkingsovereenkomst\n" * 30)
    with pytest.raises(AgreementImportError) as refused:
        read_source(b"Samenwerkingsovereenkomst\n" * 50)
    assert str(refused.value) == (
        "De tekst is langer dan 1.000 tekens; een overeenkomst is veel korter. Er werd niets "
        "geïmporteerd."
    )


def test_a_pdf_of_far_more_pages_than_an_agreement_is_refused_unread(monkeypatch):
    monkeypatch.setattr(text, "MAX_PDF_PAGES", 1)
    pdf = typeset_pdf("Samenwerkingsovereenkomst tussen stad Mechelen en VDAB\n" * 120)
    extracted = []
    from pypdf import PageObject

    extract = PageObject.extract_text

    def counting(self, *args, **kwargs):
        extracted.append(1)
        return extract(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", counting)
    with pytest.raises(AgreementImportError, match="De pdf telt [0-9]+ pagina’s"):
        read_source(pdf)
    assert extracted == []
