"""The agreement importer reads the Mechelen council decision (text or PDF, however its lines
are wrapped) into the agreement's structure, and refuses input it cannot read completely."""

from __future__ import annotations

import random
import re
import textwrap

import pytest

from lokaalwerk.agreements.importer import AgreementImportError, parse_agreement, read_source
from lokaalwerk.agreements.tests.pdf_fixtures import encrypted_pdf, image_only_pdf, typeset_pdf
from lokaalwerk.core.testing import require_shared

SEED = "seed/mechelen-vdab-samenwerkingsovereenkomst-2021.txt"
VDAB = "Vlaamse Dienst voor Arbeidsbemiddeling en Beroepsopleiding (VDAB)"
CITY = "stad Mechelen"

EXPECTED_ACTIONS = {
    1: [
        ("1.1", "Aanpak ongekwalificeerde schooluitval"),
        ("1.2", "Aanpak jeugdwerkloosheid"),
    ],
    2: [
        ("2.1", "Werken aan reële drempels naar de arbeidsmarkt toe"),
        ("2.2", "Toegankelijkheid van VDAB in het Sociaal Huis"),
        ("2.3", "Wederzijdse openstelling aanbod"),
        ("2.4", "Tijdelijke werkervaring"),
        ("2.5", "Transitiehuis"),
        ("2.6", "Kinderarmoedeplan"),
    ],
    3: [("3.1", "Sociale economie"), ("3.2", "Wijk-werken")],
    4: [("4.1", "Samenwerking werkgevers"), ("4.2", "Integreren van ondernemerschap")],
    5: [
        ("5.1", "Combinatie opleiding - werkervaring"),
        ("5.2", "Loopbaanontwikkeling van werknemers"),
        ("5.3", "Lokaal werkplekleren (voor kwetsbare doelgroepen)"),
    ],
}


@pytest.fixture(scope="module")
def seed_text() -> str:
    return require_shared(SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text) -> dict:
    return parse_agreement(seed_text)


def actions(result: dict) -> dict[str, dict]:
    return {
        action["code"]: action
        for theme in result["themes"]
        for domain in theme["domains"]
        for action in domain["actions"]
    }


def error_for(text: str) -> str:
    with pytest.raises(AgreementImportError) as raised:
        parse_agreement(text)
    return str(raised.value)


# The seed as published -----------------------------------------------------------------------


def test_seed_gives_title_term_council_meeting_and_parties(seed):
    assert seed["title"] == "Samen sterk voor lokaal werk in 2020-2025"
    assert (seed["start_date"], seed["end_date"]) == ("2021-03-01", "2025-12-31")
    assert (seed["council_decision_date"], seed["council_agenda_item"]) == ("2021-03-01", "24")
    assert seed["parties"] == [
        {
            "name": VDAB,
            "address": "Keizerslaan 11, 1000 Brussel",
            "signatories": [
                {"name": "Wim Adriaens", "function": "gedelegeerd bestuurder"},
                {"name": "Bjorn Cuyt", "function": "provinciaal directeur Antwerpen"},
            ],
        },
        {
            "name": CITY,
            "address": "Grote Markt 21, 2800 Mechelen",
            "signatories": [
                {"name": "Alexander Vandersmissen", "function": "waarnemend burgemeester"},
                {"name": "Erik Laga", "function": "algemeen directeur"},
            ],
        },
    ]
    assert seed["warnings"] == []


def test_seed_gives_the_three_ambitions_and_ten_principles(seed):
    assert seed["ambitions"] == [
        "Meer mensen aan de slag",
        "Veerkrachtige ondernemingen in een toekomstbestendige arbeidsmarkt",
        "Sterkere loopbanen binnen een stimulerend leerklimaat",
    ]
    principles = seed["principles"]
    assert [" ".join(p.split()[:4]) for p in principles] == [
        "We plaatsen de klant",
        "We werken aan meer",
        "We creëren de omstandigheden",
        "We bouwen onze samenwerking",
        "Differentiatie in de samenwerking",
        "De VDAB en de",
        "We werken aan betere",
        "We maken elkaars dienstverlening",
        "We maken de meerwaarde",
        "Door de samenwerking ook",
    ]
    assert principles[2] == (
        "We creëren de omstandigheden waarin medewerkers meer handelingsvrijheid krijgen in een "
        "resultaat- en doelgericht kader"
    )
    assert principles[3].endswith(
        "We werken vanuit een holistische visie op de ‘klant’ met bewegingsruimte voor "
        "niet-beroepsactieven in het zetten van stappen naar de arbeidsmarkt. De "
        "gelijkwaardigheid van de partners vormt het uitgangspunt voor samenwerking."
    )
    assert principles[9] == (
        "Door de samenwerking ook meetbaar te maken, krijgen we zicht op de impact van de "
        "samenwerking. Dit zorgt voor een bijkomende stimulansen en ambitie om de samenwerking "
        "te blijven versterken met het oog op antwoorden en oplossingen waar zowel de partners "
        "zelf als het doelpubliek (eindgebruikers en samenleving) baat bij hebben."
    )


def test_seed_gives_the_body_headings_of_the_action_plan(seed):
    assert [theme["title"] for theme in seed["themes"]] == seed["ambitions"]
    domains = [d for theme in seed["themes"] for d in theme["domains"]]
    assert [len(theme["domains"]) for theme in seed["themes"]] == [3, 1, 1]
    assert [(d["number"], d["title"]) for d in domains] == [
        (1, "Het vermijden van jeugdwerkloosheid"),
        (
            2,
            "Het lokaal bestuur en VDAB werken samen aan het activeren van burgers richting "
            "arbeidsmarkt",
        ),
        (
            3,
            "Het lokaal bestuur en VDAB ondersteunen en creëren kansen voor de inclusieve economie",
        ),
        (4, "Dienstverlening aan bedrijven"),
        (5, "Levenslang leren"),
    ]
    assert {d["number"]: [(a["code"], a["title"]) for a in d["actions"]] for d in domains} == (
        EXPECTED_ACTIONS
    )
    subitems = {code: action["subitems"] for code, action in actions(seed).items()}
    assert [(s["code"], s["title"]) for s in subitems.pop("2.1")] == [
        ("2.1.1", "E-inclusie"),
        ("2.1.2", "Kinderopvang"),
        ("2.1.3", "Taal"),
        ("2.1.4", "Mobiliteit"),
    ]
    assert all(items == [] for items in subitems.values())


def test_seed_action_descriptions_are_the_body_text_joined_across_breaks(seed):
    by_code = actions(seed)
    assert by_code["2.2"]["description"] == (
        "We zetten de wekelijkse pop-up van VDAB in het Sociaal Huis verder in functie van "
        "gezamenlijke oriëntatie, screening en begeleiding. Indien nodig breiden we de "
        "capaciteit uit."
    )
    assert by_code["2.5"]["description"].endswith(
        "Hiertoe stellen we alle onze activeringsinstrumenten - tijdelijke werkervaring artikel "
        "60, wijk-werken, … - samen open."
    )
    assert by_code["2.1"]["description"] == ""
    mobility = by_code["2.1"]["subitems"][3]["description"]
    # The page break falls inside this sentence.
    assert "We hebben aandacht voor fietsmobiliteit en bereikbaarheid van de opleidingscentra." in (
        mobility
    )
    assert mobility.endswith("Mobiel zijn is dan ook essentieel in de zoektocht naar werk.")
    assert (
        "organiseren ad hoc pop-ups van de VDAB-jongerenconsulenten in het Sociaal Huis"
        in (by_code["1.2"]["description"])
    )
    assert "Bornem, Duffel, Heist-op-den-Berg, Lier," in by_code["3.1"]["description"]
    assert "wijk-werkgebruikers, we maken" in by_code["3.2"]["description"]
    assert by_code["5.3"]["description"].endswith("zoals deelnemers van de alfa-groen-opleiding.")
    text = " ".join(a["description"] for a in by_code.values())
    assert "Gemeenteraad" not in text and "Deel IV" not in text and "Stuurgroep" not in text


def test_seed_gives_the_steering_groups_and_working_groups(seed):
    members = {
        body["name"]: [(m["name"], m["function"], m["organisation"]) for m in body["members"]]
        for body in seed["bodies"]
    }
    assert [
        (b["name"], b["kind"], b["min_meetings_per_year"], b["convenor"]) for b in seed["bodies"]
    ] == [
        ("Stuurgroep Activering", "political_steering_group", 1, CITY),
        ("Stuurgroep stad Mechelen - VDAB", "operational_steering_group", 3, VDAB),
    ]
    assert members["Stuurgroep Activering"] == [
        ("Carl Van den Eynde", "manager intensieve dienstverlening", VDAB),
        ("Bjorn Cuyt", "provinciaal directeur", VDAB),
        ("Greet Jacops", "netwerkmanager lokale besturen", VDAB),
        ("Greet Geypen", "schepen", CITY),
        ("Gabriella De Francesco", "schepen", CITY),
        ("Christophe Cools", "directeur samen leven", CITY),
        ("Mathias Vaes", "afdelingshoofd sociale zaken", CITY),
        ("Caroline Van Steen", "afdelingshoofd economie", CITY),
        ("Kristin Scharpé", "coördinator tewerkstellingsfacilitatie", CITY),
    ]
    assert members["Stuurgroep stad Mechelen - VDAB"] == [
        ("Carl Van den Eynde", "manager intensieve dienstverlening", VDAB),
        ("Chris Vandevin", "teamleider intensieve dienstverlening", VDAB),
        ("Greet Jacops", "netwerkmanager lokale besturen", VDAB),
        ("Veerle Van Damme", "manager diensten aan personen en bedrijven", VDAB),
        ("Mathias Vaes", "afdelingshoofd sociale zaken", CITY),
        ("Kristin Scharpé", "coördinator tewerkstellingsfacilitatie", CITY),
        ("Marleen Goossens", "consulent tewerkstelling", CITY),
        ("Anke Anthoni", "coördinator leerrecht en gelijke onderwijskansen", CITY),
        ("Caroline Van Steen", "afdelingshoofd economie", CITY),
        ("Stijn Anthoons", "expert ruimtelijke economie en ondernemerschap", CITY),
    ]
    assert seed["working_groups"] == [
        "jongeren",
        "sociale economie",
        "ESF-projecten",
        "mentor-projecten",
    ]


# The same agreement in other shapes ----------------------------------------------------------

# Lines the re-wrap keeps on a line of their own: headings, the cover, page headers.
_HEADING = re.compile(
    r"^(?:Gemeenteraad van |Thema |Actiedomein |Actie \d|\d+\.\d+\.\d+ |Deel [IVX]+\. |"
    r"Stuurgroep |Werkgroepen$|Tussen$|en$|Samenwerkingsovereenkomst tussen$|"
    r"stad Mechelen en VDAB$|Samen sterk voor lokaal werk in 2020 - 2025$|Motivering$|"
    r"Voorgeschiedenis$|Feiten en argumentatie$|Financiële gevolgen$|Besluit:$|Artikel \d+$)"
)
_OUTLINE_HEADING = re.compile(r"^(?:Thema|Actiedomein|Actie|Deel) ")
_PARAGRAPH_START = re.compile(r"^(?:[•o-] |\d+\. |Voor (?:VDAB|het lokaal bestuur|stad)\b)")


def rewrap(text: str, width: int, *, paragraph_gap: bool) -> str:
    """The text re-broken at ``width`` as a word processor would: wrapped lines and blank lines
    joined into paragraphs (a paragraph ends at '.', ';' or ':'), headings on lines of their
    own (a heading broken over two lines joined first), then every block but the page header
    wrapped again with textwrap, which also breaks after hyphens."""
    blocks: list[list] = []  # [text, is_heading]
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        previous = blocks[-1] if blocks else None
        if _HEADING.match(line):
            blocks.append([line, True])
        elif previous and previous[1] and _OUTLINE_HEADING.match(previous[0]) and line[0].islower():
            previous[0] += " " + line
        elif (
            previous is None
            or previous[1]
            or _PARAGRAPH_START.match(line)
            or re.search(r"[.;:][’”]?$", previous[0])
        ):
            blocks.append([line, False])
        elif re.search(r"\w-$", previous[0]) and not line.startswith("en "):
            previous[0] += line
        else:
            previous[0] += " " + line
    separator = "\n\n" if paragraph_gap else "\n"
    return separator.join(
        block
        if block.startswith("Gemeenteraad van")
        else textwrap.fill(block, width, break_long_words=False)
        for block, _ in blocks
    )


def crlf_nbsp_em_dashes(text: str) -> str:
    """The text with Windows line ends, non-breaking spaces in headings and dates, em dashes
    for en dashes and a form feed before the page header."""
    text = text.replace("–", "—").replace("Gemeenteraad van", "\fGemeenteraad van")
    text = re.sub(r"\b(Actie|Actiedomein|Deel|Thema) ", "\\1\u00a0", text)
    text = re.sub(r"(\d) (maart|december)", "\\1\u00a0\\2", text)
    text = text.replace(" - ", "\u00a0- ")
    return text.replace("\n", "\r\n")


def test_rewrap_moves_the_line_breaks(seed_text):
    """The re-wrapped variants really break differently, or the next test proves nothing."""
    narrow = rewrap(seed_text, 60, paragraph_gap=True).splitlines()
    wide = rewrap(seed_text, 140, paragraph_gap=False).splitlines()
    assert max(map(len, narrow)) <= 60
    assert max(map(len, wide)) > 120
    assert "" not in wide
    # The seed breaks this heading over two lines; the wide variant does not ...
    assert (
        "Actiedomein 2 - Het lokaal bestuur en VDAB werken samen aan het activeren van burgers "
        "richting arbeidsmarkt"
    ) in wide
    # ... and the narrow one breaks a heading the seed has on one line.
    assert "Actie 2.1 - Werken aan reële drempels naar de arbeidsmarkt" in narrow
    # ... and joins what the seed breaks inside a sentence.
    assert any("met als uiterste einddatum 31 december 2025." in line for line in wide)


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text: rewrap(text, 60, paragraph_gap=True), id="rewrapped-60"),
        pytest.param(lambda text: rewrap(text, 140, paragraph_gap=False), id="rewrapped-140"),
        # Breaks "Actie 2.2 - Toegankelijkheid van VDAB in het Sociaal" before "Huis".
        pytest.param(lambda text: rewrap(text, 54, paragraph_gap=False), id="rewrapped-54"),
        pytest.param(crlf_nbsp_em_dashes, id="crlf-nbsp-em-dashes"),
    ],
)
def test_other_line_breaks_and_characters_give_the_same_result(seed_text, seed, variant):
    assert parse_agreement(variant(seed_text)) == seed


def test_the_typeset_pdf_gives_the_same_result(seed_text, seed):
    data = typeset_pdf(seed_text)
    text = read_source(data, "besluit.pdf")
    # Every page carries the running header, so headers land inside sentences.
    pages = text.split("\f")
    assert len(pages) > 10
    assert all(f"agendapunt nr. 24. {n}" in page for n, page in enumerate(pages, start=1))
    assert parse_agreement(text) == seed


def test_text_in_windows_1252_or_with_a_byte_order_mark_reads_as_the_same_text(seed_text):
    assert read_source(seed_text.encode("cp1252"), "besluit.txt") == seed_text
    assert read_source(b"\xef\xbb\xbf" + seed_text.encode("utf-8")) == seed_text
    assert read_source(seed_text.replace("\n", "\r\n").encode("utf-8")) == seed_text


# Files that are not an agreement text --------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        pytest.param(b"", "leeg.txt", "The file is empty.", id="empty"),
        pytest.param(b" \n\r\n ", "", "The file is empty.", id="whitespace"),
        pytest.param(
            PNG,
            "logo.png",
            "'logo.png' is not a text file or a PDF (it looks like a PNG image); upload the "
            "agreement as PDF or as text.",
            id="png",
        ),
        pytest.param(
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
            "besluit.docx",
            "'besluit.docx' is not a text file or a PDF (it looks like a ZIP archive (a .docx or "
            ".odt file is one)); upload the agreement as PDF or as text.",
            id="docx",
        ),
        pytest.param(
            random.Random(7).randbytes(4096),
            "",
            "The file is not a text file or a PDF; upload the agreement as PDF or as text.",
            id="random-binary",
        ),
        pytest.param(
            b"%PDF-1.7\n" + random.Random(8).randbytes(2048),
            "kapot.pdf",
            "The PDF could not be read; the file seems damaged (Stream has ended unexpectedly).",
            id="damaged-pdf",
        ),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(data, filename, message):
    with pytest.raises(AgreementImportError) as raised:
        read_source(data, filename)
    assert str(raised.value) == message


def test_an_encrypted_pdf_is_refused():
    with pytest.raises(AgreementImportError, match=r"^The PDF is encrypted \(password"):
        read_source(encrypted_pdf(), "besluit.pdf")


def test_a_pdf_without_text_layer_is_refused():
    with pytest.raises(AgreementImportError) as raised:
        read_source(image_only_pdf(), "scan.pdf")
    assert str(raised.value).startswith(
        "The PDF has no text layer (scanned?): no text was found on its 1 page(s)."
    )


# Texts that are not a complete agreement in the recognised outline ---------------------------


def test_prose_without_structure_is_refused():
    prose = (
        "De stad en VDAB werken al jaren samen. Dat doen ze in het Sociaal Huis en op de\n"
        "werkvloer, met veel goede resultaten.\n\nIn 2021 gaat die samenwerking verder.\n"
    )
    assert error_for(prose) == (
        "No agreement outline found: the text has no 'Actiedomein n' / 'Actie n.n' headings and "
        "no other numbered headings."
    )


AGREEMENT_FRAME = """Samenwerkingsovereenkomst tussen {city} en VDAB
{title}

Tussen

VDAB, met zetel te Keizerslaan 11, 1000 Brussel, vertegenwoordigd door Wim Adriaens,
gedelegeerd bestuurder

en

{city}, Dorpsplein 1, 9999 Voorbeeld, vertegenwoordigd door burgemeester Jan Peeters
en algemeen directeur An Janssens

wordt een samenwerkingsovereenkomst gesloten.

Deel I. Algemene doelstelling
Samen beogen we twee centrale ambities:
1. Meer mensen aan de slag
2. Sterkere loopbanen binnen een
stimulerend leerklimaat

Deel II. Principes
Deze {count} principes gelden voor alle acties.
We delen alle vacatures met elkaar;
Klanten worden warm overgedragen, met hun toestemming;
Elke partner meldt knelpunten in de stuurgroep.

Deel III. Acties
{plan}

Deel IV. Overlegstructuur
Stuurgroep Werk
De stuurgroep komt 2 keer per jaar samen. VDAB nodigt uit.

Deel V. Duur
Deze overeenkomst gaat in op 1 januari 2022 en loopt tot 31 december 2025.
"""


def agreement(plan: str, *, count: int = 3, city: str = "gemeente Voorbeeld") -> str:
    title = "Werk in Voorbeeld 2022-2025"
    return AGREEMENT_FRAME.format(city=city, title=title, count=count, plan=plan)


def test_another_agreement_without_council_decision_or_standard_principles():
    plan = (
        "Thema “Meer mensen aan de slag”\n"
        "Actiedomein 1 – Activering\n"
        "Actie 1.1 – Gezamenlijke screening\n"
        "We screenen elk jaar samen alle leefloners.\n"
    )
    result = parse_agreement(agreement(plan))
    assert result["title"] == "Werk in Voorbeeld 2022-2025"
    assert (result["start_date"], result["end_date"]) == ("2022-01-01", "2025-12-31")
    assert (result["council_decision_date"], result["council_agenda_item"]) == (None, None)
    assert [(p["name"], p["address"], p["signatories"]) for p in result["parties"]] == [
        (
            "VDAB",
            "Keizerslaan 11, 1000 Brussel",
            [{"name": "Wim Adriaens", "function": "gedelegeerd bestuurder"}],
        ),
        (
            "gemeente Voorbeeld",
            "Dorpsplein 1, 9999 Voorbeeld",
            [
                {"name": "Jan Peeters", "function": "burgemeester"},
                {"name": "An Janssens", "function": "algemeen directeur"},
            ],
        ),
    ]
    assert result["ambitions"] == [
        "Meer mensen aan de slag",
        "Sterkere loopbanen binnen een stimulerend leerklimaat",
    ]
    assert result["principles"] == [
        "We delen alle vacatures met elkaar",
        "Klanten worden warm overgedragen, met hun toestemming",
        "Elke partner meldt knelpunten in de stuurgroep.",
    ]
    assert result["themes"] == [
        {
            "title": "Meer mensen aan de slag",
            "description": "",
            "domains": [
                {
                    "number": 1,
                    "title": "Activering",
                    "description": "",
                    "actions": [
                        {
                            "code": "1.1",
                            "title": "Gezamenlijke screening",
                            "description": "We screenen elk jaar samen alle leefloners.",
                            "subitems": [],
                        }
                    ],
                }
            ],
        }
    ]
    assert [
        (b["name"], b["kind"], b["min_meetings_per_year"], b["convenor"], b["members"])
        for b in result["bodies"]
    ] == [
        ("Stuurgroep Werk", "operational_steering_group", 2, "VDAB", []),
    ]
    assert result["warnings"] == [
        "The principles were split at ';' and paragraph breaks, not at the standard opening "
        "words; check them."
    ]


def test_a_principle_count_that_differs_from_the_stated_count_is_refused(seed_text):
    plan = "Actiedomein 1 - Activering\nActie 1.1 - Screening\nTekst.\n"
    assert error_for(agreement(plan, count=4)) == (
        "Deel II states 4 principles, but 3 by ';' and paragraph breaks were found; mark each "
        "principle as a paragraph of its own and import again."
    )
    assert error_for(seed_text.replace("Deze 10 samenwerkingsprincipes", "Deze 11 principes")) == (
        "Deel II states 11 principles, but 10 were found by their standard opening words and 7 "
        "by ';' and paragraph breaks; mark each principle as a paragraph of its own and import "
        "again."
    )


def test_an_ambition_count_that_differs_from_the_stated_count_is_refused(seed_text):
    text = seed_text.replace("Hiermee worden drie", "Hiermee worden vier")
    assert error_for(text) == "Deel I announces 4 ambitions but lists 3."


def test_an_antwerp_like_outline_is_refused_naming_its_headings():
    plan = (
        "Actieplan 1: Werkzoekenden sneller aan het werk\n"
        "We werken samen aan een snellere begeleiding.\n"
        "Stadsproject 1: Wijkwerkwinkels\n"
        "In elke wijk komt een winkel.\n"
        "Stadsproject 2: Jobbeurzen\n"
        "Twee keer per jaar een beurs.\n"
    )
    assert error_for(agreement(plan, city="stad Antwerpen")) == (
        "No 'Actiedomein'/'Actie n.n' outline found; found headings like 'Actieplan 1', "
        "'Stadsproject 1' (3 in all). This outline is not supported."
    )


def test_a_gent_like_numbered_outline_is_refused_naming_its_headings():
    plan = (
        "4.3 Werk en activering\n"
        "4.3.1 Samen naar werk\n"
        "Gent en VDAB begeleiden samen.\n"
        "4.3.2 Talent aan boord\n"
        "We zoeken talent.\n"
    )
    assert error_for(agreement(plan, city="stad Gent")) == (
        "No 'Actiedomein'/'Actie n.n' outline found; found headings like '4.3', '4.3.1' "
        "(3 in all). This outline is not supported."
    )


def test_an_action_under_the_wrong_domain_is_refused(seed_text):
    text = seed_text.replace("Actie 2.6 - Kinderarmoedeplan", "Actie 3.1 - Kinderarmoedeplan")
    assert text != seed_text
    assert error_for(text) == (
        "Actie 3.1 stands under Actiedomein 2; its number must start with 2."
    )


def test_a_duplicated_action_heading_is_refused(seed_text):
    heading = "Actie 2.4 – Tijdelijke werkervaring"
    text = seed_text.replace(heading, f"{heading}\n\nWe doen dit samen.\n\n{heading}")
    assert error_for(text) == (
        "Actie 2.4 appears twice ('Tijdelijke werkervaring' and 'Tijdelijke werkervaring')."
    )


def test_a_lost_action_heading_is_refused(seed_text):
    skipped = seed_text.replace("Actie 2.2 – Toegankelijkheid van VDAB in het Sociaal Huis", "")
    assert error_for(skipped) == ("Actiedomein 2 skips Actie 2.2 (found 2.1, 2.3, 2.4, 2.5, 2.6).")
    # The last action of a domain leaves no gap; the council's summary still lists it.
    last = seed_text.replace("Actie 2.6 - Kinderarmoedeplan", "")
    assert error_for(last) == (
        "The council decision lists Actie 2.6, but the agreement text has no such heading."
    )


def test_an_action_heading_after_the_action_plan_is_refused():
    plan = "Actiedomein 1 - Activering\nActie 1.1 - Screening\nTekst.\n"
    text = agreement(plan).replace("Stuurgroep Werk\n", "Stuurgroep Werk\nActie 1.2 - Vergeten\n")
    assert error_for(text) == (
        "'Actie 1.2 - Vergeten' stands after the end of the action plan (at "
        "'Deel IV. Overlegstructuur')."
    )


def test_a_missing_date_is_refused(seed_text):
    no_start = seed_text.replace("Deze overeenkomst gaat in op 1 maart 2021.", "")
    assert error_for(no_start).startswith("No start date found;")
    no_end = seed_text.replace("uiterste einddatum 31", "uiterste")
    assert error_for(no_end).startswith("No end date found;")
