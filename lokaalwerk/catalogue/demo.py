"""Demo catalogue for Mechelen: the partners' offer in the team's own words, the public
directory (with clearly fake addresses), decisions of the inclusion test and social-economy
vacancies in the ten municipalities of the region. Idempotent: a second run creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from lokaalwerk.accounts.models import Organisation, User
from lokaalwerk.geography.models import Municipality

from .constants import ClientStatus, DirectoryKind, DutchLevel, InclusionStatus
from .models import (
    DirectoryEntry,
    InclusionCell,
    Language,
    Location,
    Offer,
    OpeningHours,
    TargetGroup,
    Vacancy,
    VacancySubscription,
)

LANGUAGES = [
    ("nl", "Nederlands"),
    ("fr", "Frans"),
    ("en", "Engels"),
    ("ar", "Arabisch"),
    ("tr", "Turks"),
    ("ber", "Berbers"),
    ("uk", "Oekraïens"),
    ("so", "Somalisch"),
]

# code, name, description, age from, age to, status, Dutch level
TARGET_GROUPS = [
    (
        "jongeren",
        "Jongeren (18–25 jaar)",
        "Jongvolwassenen op zoek naar werk of opleiding.",
        18,
        25,
        "",
        "",
    ),
    (
        "leefloners",
        "Leefloongerechtigden",
        "Mensen met een leefloon van het Sociaal Huis.",
        None,
        None,
        ClientStatus.LIVING_WAGE,
        "",
    ),
    (
        "nieuwkomers",
        "Anderstalige nieuwkomers",
        "Recent in België, beginnend Nederlands.",
        None,
        None,
        "",
        DutchLevel.A1,
    ),
    ("55-plus", "Werkzoekenden van 55 jaar en ouder", "", 55, 67, ClientStatus.JOB_SEEKER, ""),
    (
        "langdurig-werkzoekenden",
        "Langdurig werkzoekenden",
        "Meer dan twee jaar werkzoekend.",
        None,
        None,
        ClientStatus.JOB_SEEKER,
        "",
    ),
    (
        "niet-bereikten",
        "Niet-bereikten (niet ingeschreven)",
        "Mensen die nergens ingeschreven zijn (NEET).",
        16,
        29,
        ClientStatus.NOT_REGISTERED,
        "",
    ),
    ("werkende-armen", "Werkenden met een laag inkomen", "", None, None, ClientStatus.EMPLOYED, ""),
    (
        "aspirant-ondernemers",
        "Aspirant-ondernemers",
        "",
        None,
        None,
        ClientStatus.SELF_EMPLOYED,
        "",
    ),
]

# key, name, street, postal code, NIS
LOCATIONS = [
    ("sociaal-huis", "Sociaal Huis Mechelen", "Demostraat 1 (demo-adres)", "2800", "12025"),
    (
        "vdab-werkwinkel",
        "VDAB-werkwinkel Mechelen",
        "Voorbeeldlaan 10 (demo-adres)",
        "2800",
        "12025",
    ),
    (
        "opleidingscentrum",
        "VDAB-opleidingscentrum Mechelen",
        "Oefenweg 5 (demo-adres)",
        "2800",
        "12025",
    ),
    ("bib-mechelen", "Stadsbibliotheek Mechelen", "Boekenplein 3 (demo-adres)", "2800", "12025"),
    (
        "jeugdhuis-nekkerspoel",
        "Jeugdhuis Nekkerspoel",
        "Speelstraat 7 (demo-adres)",
        "2800",
        "12025",
    ),
    ("cbe", "Centrum voor Basiseducatie", "Leerstraat 2 (demo-adres)", "2800", "12025"),
    (
        "kinderopvang-battel",
        "Kinderopvang 't Demootje",
        "Wiegstraat 4 (demo-adres)",
        "2800",
        "12025",
    ),
    (
        "ibo-muizen",
        "Buitenschoolse opvang De Speelplaats",
        "Schoolweg 9 (demo-adres)",
        "2812",
        "12025",
    ),
    ("bib-willebroek", "Bibliotheek Willebroek", "Bibweg 1 (demo-adres)", "2830", "12040"),
    ("bib-lier", "Bibliotheek Lier", "Leesstraat 11 (demo-adres)", "2500", "12021"),
    ("huis-nederlands", "Huis van het Nederlands", "Taalplein 6 (demo-adres)", "2800", "12025"),
    ("mobipunt", "Mobiliteitspunt Sociaal Huis", "Fietsstraat 8 (demo-adres)", "2800", "12025"),
    (
        "ondernemershuis",
        "Ondernemershuis Mechelen",
        "Startersstraat 12 (demo-adres)",
        "2800",
        "12025",
    ),
]

OFFERS = [
    {
        "slug": "duo-for-a-job",
        "provider": "duo-for-a-job",
        "name": "Duo for a job",
        "summary": "Een jonge werkzoekende met migratieachtergrond en een ervaren 50-plusser "
        "vormen zes maanden een duo.",
        "description": "De mentor (50+) begeleidt de jongere één keer per week naar werk: "
        "cv, netwerk, sollicitatiegesprekken. Duo for a job koppelt en volgt elk duo op.",
        "groups": ["jongeren", "nieuwkomers"],
        "age_min": 18,
        "age_max": 30,
        "statuses": [ClientStatus.JOB_SEEKER],
        "dutch": "",
        "locations": ["vdab-werkwinkel"],
        "capacity": 40,
        "waiting": 6,
        "how": "Via een verwijzing door de VDAB-consulent of het Sociaal Huis; de coach van "
        "Duo for a job neemt binnen twee weken contact op.",
        "open": True,
        "languages": ["nl", "fr", "en", "ar"],
        "hours": [(2, "13:00", "16:00")],
    },
    {
        "slug": "taalkracht",
        "provider": "sociaal-huis",
        "name": "TAALkracht",
        "summary": "Nederlands oefenen in kleine groepen, gekoppeld aan een traject naar werk.",
        "description": "Oefengroepen Nederlands met vrijwillige taalcoaches in het Sociaal Huis, "
        "voor wie een cursus volgt of wacht op een cursus.",
        "groups": ["nieuwkomers", "leefloners"],
        "age_min": 18,
        "age_max": None,
        "statuses": [ClientStatus.LIVING_WAGE, ClientStatus.JOB_SEEKER],
        "dutch": DutchLevel.A1,
        "locations": ["sociaal-huis"],
        "capacity": 60,
        "waiting": 12,
        "how": "Meld aan bij het onthaal van het Sociaal Huis of via OPkomst.",
        "open": True,
        "languages": ["nl"],
        "hours": [(0, "09:30", "11:30"), (3, "13:30", "15:30")],
    },
    {
        "slug": "activeringstraject",
        "provider": "team-tewerkstellingsfacilitatie",
        "name": "Activeringsprojecten Sociaal Huis",
        "summary": "Een begeleid traject van zorg naar werk voor leefloongerechtigden.",
        "description": "Individuele begeleiding en groepsmodules (zelfvertrouwen, "
        "arbeidsattitudes) voor wie nog niet klaar is voor de arbeidsmarkt.",
        "groups": ["leefloners"],
        "age_min": 18,
        "age_max": 65,
        "statuses": [ClientStatus.LIVING_WAGE],
        "dutch": "",
        "locations": ["sociaal-huis"],
        "capacity": 80,
        "waiting": 0,
        "how": "Alleen via de maatschappelijk werker van het Sociaal Huis.",
        "open": False,
        "languages": ["nl", "fr", "ar"],
        "hours": [],
    },
    {
        "slug": "vdab-opleidingen",
        "provider": "vdab",
        "name": "VDAB-opleidingen (knelpuntberoepen)",
        "summary": "Beroepsopleidingen voor logistiek, zorg, bouw en techniek.",
        "description": "Gratis opleidingen met een stage op de werkvloer, voor ingeschreven "
        "werkzoekenden. Instap na een infosessie en een test.",
        "groups": ["jongeren", "langdurig-werkzoekenden", "55-plus"],
        "age_min": 18,
        "age_max": None,
        "statuses": [ClientStatus.JOB_SEEKER],
        "dutch": DutchLevel.A2,
        "locations": ["opleidingscentrum"],
        "capacity": None,
        "waiting": 25,
        "how": "Inschrijven bij VDAB; de bemiddelaar plant de infosessie in.",
        "open": True,
        "languages": ["nl"],
        "hours": [(0, "08:30", "16:00"), (1, "08:30", "16:00"), (3, "08:30", "16:00")],
    },
    {
        "slug": "jobatelier",
        "provider": "vdab",
        "name": "Jobatelier",
        "summary": "Samen solliciteren: cv, vacatures zoeken en oefenen voor het gesprek.",
        "description": "Een open werkplaats met een VDAB-consulent waar je zelf aan de slag gaat "
        "met je sollicitaties, met hulp waar nodig.",
        "groups": ["jongeren", "langdurig-werkzoekenden", "55-plus", "leefloners"],
        "age_min": None,
        "age_max": None,
        "statuses": [],
        "dutch": "",
        "locations": ["vdab-werkwinkel"],
        "capacity": 15,
        "waiting": 0,
        "how": "Vrij binnenlopen tijdens de openingsuren.",
        "open": True,
        "languages": ["nl", "en"],
        "hours": [(1, "09:00", "12:00"), (4, "09:00", "12:00")],
    },
    {
        "slug": "artikel-60",
        "provider": "team-tewerkstellingsfacilitatie",
        "name": "Tijdelijke werkervaring (art. 60)",
        "summary": "Werkervaring bij de stad of een partner, met behoud van sociale rechten.",
        "description": "Een tewerkstelling van maximum twee jaar via het Sociaal Huis (artikel "
        "60 §7 OCMW-wet), met een jobcoach en een opleidingsplan.",
        "groups": ["leefloners"],
        "age_min": 18,
        "age_max": None,
        "statuses": [ClientStatus.LIVING_WAGE],
        "dutch": "",
        "locations": ["sociaal-huis"],
        "capacity": 45,
        "waiting": 9,
        "how": "De maatschappelijk werker vraagt een screening aan bij het team "
        "tewerkstellingsfacilitatie.",
        "open": False,
        "languages": ["nl", "fr"],
        "hours": [],
    },
    {
        "slug": "wijk-werken",
        "provider": "vdab-wijk-werken",
        "name": "Wijk-werken",
        "summary": "Werkervaring in de buurt, met een kleine vergoeding bovenop de uitkering.",
        "description": "Klussen bij gebruikers in de wijk (scholen, vzw's, particulieren), als "
        "opstap naar betaald werk.",
        "groups": ["langdurig-werkzoekenden", "leefloners"],
        "age_min": 18,
        "age_max": None,
        "statuses": [ClientStatus.JOB_SEEKER, ClientStatus.LIVING_WAGE],
        "dutch": "",
        "locations": ["vdab-werkwinkel"],
        "capacity": 120,
        "waiting": 0,
        "how": "Via de VDAB-bemiddelaar of de maatschappelijk werker (toeleiding).",
        "open": True,
        "languages": ["nl"],
        "hours": [],
    },
    {
        "slug": "nederlands-op-de-werkvloer",
        "provider": "vdab",
        "name": "Nederlands op de werkvloer",
        "summary": "Taalondersteuning op de werkplek, samen met de werkgever.",
        "description": "Een taalcoach komt naar de werkvloer en oefent het Nederlands dat je "
        "in je job nodig hebt.",
        "groups": ["nieuwkomers", "werkende-armen"],
        "age_min": 18,
        "age_max": None,
        "statuses": [ClientStatus.EMPLOYED],
        "dutch": "",
        "locations": [],
        "capacity": 30,
        "waiting": 3,
        "how": "De werkgever of de werknemer vraagt het aan bij VDAB.",
        "open": True,
        "languages": ["nl"],
        "hours": [],
    },
    {
        "slug": "basismodules-ict",
        "provider": "centrum-basiseducatie",
        "name": "Basismodules ICT",
        "summary": "Leren werken met een computer, e-mail, itsme en Mijn VDAB.",
        "description": "Korte modules in kleine groepen, in eenvoudig Nederlands.",
        "groups": ["55-plus", "nieuwkomers", "leefloners", "niet-bereikten"],
        "age_min": 18,
        "age_max": None,
        "statuses": [],
        "dutch": DutchLevel.A1,
        "locations": ["cbe", "bib-mechelen"],
        "capacity": 24,
        "waiting": 11,
        "how": "Inschrijven bij het Centrum voor Basiseducatie of via een verwijzer.",
        "open": True,
        "languages": ["nl"],
        "hours": [(2, "09:00", "12:00")],
    },
    {
        "slug": "alfa-groen",
        "provider": "centrum-basiseducatie",
        "name": "Alfa-groen",
        "summary": "Alfabetisering gecombineerd met een opleiding in de groensector.",
        "description": "Lezen en schrijven leren terwijl je praktijk opdoet in groenonderhoud, "
        "samen met VDAB.",
        "groups": ["nieuwkomers", "langdurig-werkzoekenden"],
        "age_min": 18,
        "age_max": None,
        "statuses": [ClientStatus.JOB_SEEKER],
        "dutch": DutchLevel.NONE,
        "locations": ["cbe"],
        "capacity": 12,
        "waiting": 8,
        "how": "Via de VDAB-bemiddelaar; een intake bij het Centrum voor Basiseducatie volgt.",
        "open": True,
        "languages": ["nl", "ar", "so"],
        "hours": [(0, "08:30", "15:30"), (2, "08:30", "15:30")],
    },
    {
        "slug": "startersbegeleiding",
        "provider": "dienst-economie",
        "name": "Startersbegeleiding voor ondernemers",
        "summary": "Van idee tot eigen zaak: ondernemingsplan, financiering en vergunningen.",
        "description": "Individuele gesprekken en een startersatelier met Unizo, voor wie een "
        "zaak wil starten in Mechelen.",
        "groups": ["aspirant-ondernemers"],
        "age_min": 18,
        "age_max": None,
        "statuses": [ClientStatus.SELF_EMPLOYED, ClientStatus.JOB_SEEKER],
        "dutch": DutchLevel.B1,
        "residence": ["12025"],
        "locations": ["ondernemershuis"],
        "capacity": 20,
        "waiting": 0,
        "how": "Maak een afspraak bij de dienst economie.",
        "open": True,
        "languages": ["nl", "fr", "en"],
        "hours": [(3, "14:00", "17:00")],
    },
]

# name, kind, location, owner, description, languages, hours, months since last check
DIRECTORY = [
    (
        "Gratis wifi in de stadsbibliotheek",
        DirectoryKind.WIFI,
        "bib-mechelen",
        "stad-mechelen",
        "Gratis wifi zonder account in de hele bibliotheek.",
        ["nl", "fr", "en"],
        [(d, "10:00", "18:00") for d in range(0, 5)] + [(5, "10:00", "16:00")],
        1,
    ),
    (
        "Publieke computers in de stadsbibliotheek",
        DirectoryKind.COMPUTER,
        "bib-mechelen",
        "stad-mechelen",
        "Twaalf computers met printer; één uur per dag gratis.",
        ["nl"],
        [(d, "10:00", "18:00") for d in range(0, 5)] + [(5, "10:00", "16:00")],
        1,
    ),
    (
        "Wifi en computers in Jeugdhuis Nekkerspoel",
        DirectoryKind.COMPUTER,
        "jeugdhuis-nekkerspoel",
        "stad-mechelen",
        "Computers en wifi voor jongeren, met begeleiding op woensdag.",
        ["nl", "ar", "ber"],
        [(2, "13:00", "18:00"), (4, "16:00", "21:00")],
        2,
    ),
    (
        "Digitaal Sociaal Huis: computer en hulp",
        DirectoryKind.COMPUTER,
        "sociaal-huis",
        "sociaal-huis",
        "Computers met hulp bij e-loket, itsme en Mijn VDAB.",
        ["nl", "fr", "ar"],
        [(0, "09:00", "12:00"), (2, "09:00", "12:00"), (3, "13:30", "16:00")],
        3,
    ),
    (
        "Gratis wifi bibliotheek Willebroek",
        DirectoryKind.WIFI,
        "bib-willebroek",
        "stad-mechelen",
        "",
        ["nl"],
        [(1, "14:00", "19:00"), (3, "14:00", "19:00"), (5, "10:00", "13:00")],
        8,
    ),
    (
        "Publieke computers bibliotheek Lier",
        DirectoryKind.COMPUTER,
        "bib-lier",
        "stad-mechelen",
        "",
        ["nl"],
        [(0, "13:00", "18:00"), (2, "10:00", "18:00")],
        2,
    ),
    (
        "Kinderopvang 't Demootje (0–3 jaar)",
        DirectoryKind.CHILDCARE_BABY,
        "kinderopvang-battel",
        "sociaal-huis",
        "Inkomensgerelateerde opvang; voorrang voor wie werkt of een opleiding volgt.",
        ["nl", "fr", "tr"],
        [(d, "07:00", "18:30") for d in range(0, 5)],
        1,
    ),
    (
        "Buitenschoolse opvang De Speelplaats",
        DirectoryKind.CHILDCARE_SCHOOL,
        "ibo-muizen",
        "sociaal-huis",
        "Voor- en naschoolse opvang en opvang op woensdagnamiddag.",
        ["nl"],
        [(d, "07:00", "08:30") for d in range(0, 5)] + [(2, "12:00", "18:00")],
        4,
    ),
    (
        "Nederlands leren: inschrijven bij het Huis van het Nederlands",
        DirectoryKind.DUTCH_COURSE,
        "huis-nederlands",
        "stad-mechelen",
        "Intake en doorverwijzing naar een cursus Nederlands tweede taal.",
        ["nl", "fr", "en", "ar", "uk"],
        [(0, "09:00", "12:00"), (3, "13:00", "16:00")],
        2,
    ),
    (
        "Oefenkansen Nederlands in de bibliotheek",
        DirectoryKind.DUTCH_COURSE,
        "bib-mechelen",
        "stad-mechelen",
        "Praattafels met vrijwilligers.",
        ["nl"],
        [(1, "18:00", "20:00")],
        9,
    ),
    (
        "Mobipunt: fiets, openbaar vervoer en rijbewijs",
        DirectoryKind.MOBILITY,
        "mobipunt",
        "sociaal-huis",
        "Hulp bij een goedkoop abonnement, een tweedehandsfiets en het "
        "theorie-examen voor het rijbewijs.",
        ["nl", "fr", "ar"],
        [(1, "09:00", "12:00")],
        3,
    ),
    (
        "Rijbewijs-oefenlessen theorie",
        DirectoryKind.MOBILITY,
        "cbe",
        "centrum-basiseducatie",
        "Theorie oefenen in eenvoudig Nederlands.",
        ["nl"],
        [(4, "13:00", "15:00")],
        5,
    ),
    (
        "VDAB-pop-up in het Sociaal Huis",
        DirectoryKind.POPUP,
        "sociaal-huis",
        "vdab",
        "Elke week: vragen over inschrijven, vacatures en opleidingen, zonder afspraak.",
        ["nl", "fr", "en"],
        [(1, "09:00", "12:00")],
        1,
    ),
    (
        "Pop-up jobcoach in Jeugdhuis Nekkerspoel",
        DirectoryKind.POPUP,
        "jeugdhuis-nekkerspoel",
        "vdab",
        "Een jongerenconsulent komt naar het jeugdhuis.",
        ["nl", "ar"],
        [(2, "14:00", "17:00")],
        2,
    ),
    (
        "VDAB-opleidingscentrum Mechelen",
        DirectoryKind.TRAINING_CENTRE,
        "opleidingscentrum",
        "vdab",
        "Beroepsopleidingen met infosessies elke maand.",
        ["nl"],
        [(d, "08:30", "16:30") for d in range(0, 5)],
        1,
    ),
    (
        "Centrum voor Basiseducatie",
        DirectoryKind.TRAINING_CENTRE,
        "cbe",
        "centrum-basiseducatie",
        "Lezen, schrijven, rekenen, Nederlands en ICT voor volwassenen.",
        ["nl"],
        [(d, "09:00", "16:00") for d in range(0, 4)],
        2,
    ),
]

# reference, employer, NIS, title, hours, indication required, conditions, days since posting,
# days until expiry
VACANCIES = [
    (
        "SE-DEMO-001",
        "Demo Maatwerkbedrijf Groen vzw",
        "12025",
        "Medewerker groenonderhoud",
        "38",
        True,
        "Doelgroepbepaling maatwerk nodig.",
        10,
        40,
    ),
    (
        "SE-DEMO-002",
        "Demo Kringwinkel Rivierenland",
        "12025",
        "Winkelmedewerker kringwinkel",
        "30",
        True,
        "",
        5,
        25,
    ),
    (
        "SE-DEMO-003",
        "Demo Sociale Werkplaats",
        "12040",
        "Productiemedewerker verpakking",
        "38",
        True,
        "Ploegenwerk.",
        20,
        10,
    ),
    (
        "SE-DEMO-004",
        "Demo Buurtrestaurant",
        "12021",
        "Keukenhulp buurtrestaurant",
        "24",
        False,
        "Lokale diensteneconomie.",
        3,
        60,
    ),
    (
        "SE-DEMO-005",
        "Demo Fietsatelier",
        "12009",
        "Fietshersteller in opleiding",
        "30",
        True,
        "",
        12,
        30,
    ),
    (
        "SE-DEMO-006",
        "Demo Poetsdienst vzw",
        "12014",
        "Poetshulp aan huis",
        "19",
        False,
        "Rijbewijs B is een plus.",
        7,
        45,
    ),
    (
        "SE-DEMO-007",
        "Demo Maatwerkbedrijf Groen vzw",
        "12005",
        "Ploegleider groen",
        "38",
        True,
        "Ervaring met een ploeg.",
        15,
        20,
    ),
    (
        "SE-DEMO-008",
        "Demo Sociale Werkplaats",
        "12007",
        "Medewerker assemblage",
        "32",
        True,
        "",
        9,
        35,
    ),
    ("SE-DEMO-009", "Demo Strijkatelier", "12029", "Strijker(es)", "25", False, "", 4, 50),
    (
        "SE-DEMO-010",
        "Demo Kringwinkel Rivierenland",
        "12041",
        "Chauffeur-ophaler",
        "38",
        True,
        "Rijbewijs C.",
        6,
        28,
    ),
    ("SE-DEMO-011", "Demo Buurtrestaurant", "12035", "Zaalmedewerker", "20", False, "", 2, 55),
    ("SE-DEMO-012", "Demo Wasserij", "12040", "Medewerker wasserij", "30", True, "", 30, 14),
    (
        "SE-DEMO-013",
        "Demo Maatwerkbedrijf Groen vzw",
        "12025",
        "Medewerker zwerfvuil",
        "28",
        True,
        "",
        60,
        -5,
    ),
    (
        "SE-DEMO-014",
        "Demo Sociale Werkplaats",
        "12021",
        "Magazijnier",
        "38",
        True,
        "Heftruckattest is een plus.",
        45,
        -12,
    ),
]


def _language_map() -> dict[str, Language]:
    for code, name in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name})
    return {lang.code: lang for lang in Language.objects.all()}


def _hours(owner_field: str, owner, slots) -> None:
    OpeningHours.objects.filter(**{owner_field: owner}).delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(
            **{owner_field: owner},
            weekday=day,
            opens=dt.time.fromisoformat(opens),
            closes=dt.time.fromisoformat(closes),
        )
        for day, opens, closes in slots
    )


def _months_ago(today: dt.date, months: int) -> dt.date:
    return today - dt.timedelta(days=31 * months)


def demo_load() -> None:
    today = timezone.localdate()
    organisations = {o.slug: o for o in Organisation.objects.all()}
    municipalities = {m.nis_code: m for m in Municipality.objects.filter(valid_to__isnull=True)}
    languages = _language_map()
    groups = {}
    for code, name, description, age_from, age_to, status, dutch in TARGET_GROUPS:
        groups[code], _created = TargetGroup.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "typical_age_from": age_from,
                "typical_age_to": age_to,
                "typical_status": status,
                "typical_dutch_level": dutch,
            },
        )
    locations = {}
    for key, name, street, postal_code, nis in LOCATIONS:
        locations[key], _created = Location.objects.update_or_create(
            name=name,
            defaults={
                "street": street,
                "postal_code": postal_code,
                "municipality": municipalities[nis],
            },
        )
    offers = {}
    for spec in OFFERS:
        offer, _created = Offer.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "provider": organisations.get(spec["provider"]) or organisations["stad-mechelen"],
                "name": spec["name"],
                "summary": spec["summary"],
                "description": spec["description"],
                "age_min": spec["age_min"],
                "age_max": spec["age_max"],
                "eligible_statuses": [str(s) for s in spec["statuses"]],
                "dutch_level_min": spec["dutch"],
                "capacity": spec["capacity"],
                "waiting_list": spec["waiting"],
                "how_to_refer": spec["how"],
                "open_to_partner_clients": spec["open"],
                "email": f"{spec['slug']}@demo.invalid",
                "last_checked_on": today - dt.timedelta(days=20),
            },
        )
        offer.target_groups.set([groups[code] for code in spec["groups"]])
        offer.locations.set([locations[key] for key in spec["locations"]])
        offer.languages.set([languages[code] for code in spec["languages"]])
        offer.residence_municipalities.set(
            [municipalities[nis] for nis in spec.get("residence", [])]
        )
        _hours("offer", offer, spec["hours"])
        offers[spec["slug"]] = offer
    for name, kind, location, owner, description, langs, slots, months in DIRECTORY:
        entry, _created = DirectoryEntry.objects.update_or_create(
            name=name,
            kind=kind,
            defaults={
                "location": locations[location],
                "owner": organisations.get(owner) or organisations["stad-mechelen"],
                "owner_email": f"directory.{owner}@demo.invalid",
                "description": description,
                "last_checked_on": _months_ago(today, months),
            },
        )
        entry.languages.set([languages[code] for code in langs])
        _hours("entry", entry, slots)
    _inclusion_demo(offers, groups)
    for ref, employer, nis, title, hours, indication, conditions, posted, expires in VACANCIES:
        Vacancy.objects.update_or_create(
            reference=ref,
            defaults={
                "employer": employer,
                "municipality": municipalities[nis],
                "title": title,
                "hours_per_week": Decimal(hours),
                "indication_required": indication,
                "conditions": conditions,
                "posted_on": today - dt.timedelta(days=posted),
                "expires_on": today + dt.timedelta(days=expires),
            },
        )
    worker = User.objects.filter(username="medewerker.stad").first()
    if worker is not None:
        VacancySubscription.objects.get_or_create(user=worker)


def _inclusion_demo(offers, groups) -> None:
    """A few decisions of the steering group, logged once."""
    coordinator = User.objects.filter(username="coordinator.stad").first()
    if coordinator is None:
        return
    decisions = [
        (
            "activeringstraject",
            "langdurig-werkzoekenden",
            InclusionStatus.UNDER_STUDY,
            "Vraag van VDAB: ook langdurig werkzoekenden zonder leefloon toelaten. "
            "Capaciteit wordt bekeken in de werkgroep.",
            "Financiering dekt alleen leefloongerechtigden.",
        ),
        (
            "artikel-60",
            "langdurig-werkzoekenden",
            InclusionStatus.KEEP_CLOSED,
            "Art. 60 is wettelijk voorbehouden aan wie recht heeft op maatschappelijke integratie.",
            "Wettelijke voorwaarde (OCMW-wet art. 60 §7).",
        ),
        (
            "jobatelier",
            "niet-bereikten",
            InclusionStatus.OPEN,
            "Het jobatelier staat open voor wie nog niet ingeschreven is; de consulent schrijft "
            "ter plaatse in.",
            "",
        ),
    ]
    for slug, code, status, reason, barrier in decisions:
        cell, _created = InclusionCell.objects.get_or_create(
            offer=offers[slug], target_group=groups[code], defaults={"barrier": barrier}
        )
        if cell.decisions.exists():
            continue
        cell.status = status
        cell.save(update_fields=["status", "updated_at"])
        cell.decisions.create(
            status=status, reason=reason, decided_by=coordinator, decided_at=timezone.now()
        )
        if status == InclusionStatus.OPEN:
            offers[slug].target_groups.add(groups[code])
