"""Synthetic lists of young people for tests, the demo and the linkage benchmark.

Nobody here exists. Names are built from Dutch, Moroccan, Turkish and Eastern-European name
shapes with a long tail (common names are common), birth dates fall in the age band of the
screening (15 to 24), and a national register number with a valid check is made from the birth
date. ``corrupt`` applies the errors that real lists carry: typos, swapped first and last
names, missing register numbers and birth-date slips.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from lokaalwerk.core.spreadsheets import csv_bytes

FIRST_NAMES = {
    "dutch": "Lars Noah Wout Jules Arne Lotte Emma Fien Nore Lien Jana Ruben Seppe Lukas Tuur "
    "Stan Bram Jarne Kobe Robbe Mats Senne Wannes Elise Hanne Amber Lore Febe Marie Ines "
    "Kato Axelle Joke Sofie Pieter Jef Warre Siebe Mauro Femke Liese Tibo Rune Milan Yente",
    "moroccan": "Mohamed Yassine Ayoub Imane Fatima Soufiane Bilal Nora Salma Anas Hamza Ilyas "
    "Adam Amine Zakaria Omar Ismail Khadija Meryem Aya Rania Hajar Ikram Nisrine Samira "
    "Youssef Rachid Karim Mehdi Hicham Nadia Souad Houda Ilham Siham Marwa Sara Wiam Younes",
    "turkish": "Emre Elif Zeynep Mehmet Burak Ayse Can Merve Yusuf Kerem Berkay Eren Furkan "
    "Esra Busra Kubra Selin Derya Tugba Hakan Murat Onur Serkan Ozan Melike Sevgi Gizem "
    "Hatice Emine Ahmet Mustafa Huseyin Ibrahim Cem Deniz Ceren Ebru Sibel Irem",
    "eastern": "Jakub Zuzanna Andrei Ioana Bogdan Krzysztof Malgorzata Dragos Mihai Elena "
    "Stefan Nikolai Dimitar Ivana Petra Tomasz Kacper Oliwia Wiktoria Agnieszka Anca "
    "Florin Cristian Vasile Radu Milena Yana Georgi Boris Katarzyna Lukasz Marek Pavel "
    "Alina Daria Denisa Roxana Ivan Olena Taras",
}

SURNAME_PARTS = {
    "dutch": (
        ["", "", "", "De ", "Van ", "Van den ", "Van der ", "Vanden", "Ver", "De "],
        [
            "Peeters",
            "Janssens",
            "Maes",
            "Jacobs",
            "Mertens",
            "Willems",
            "Claes",
            "Goossens",
            "Wouters",
            "Smedt",
            "Broeck",
            "Meulen",
            "Dyck",
            "Bosch",
            "Hoof",
            "Acker",
            "Aerts",
            "Leemans",
            "Lemmens",
            "Cuypers",
            "Verbeke",
            "Hermans",
            "Michiels",
            "Coppens",
            "Dierckx",
            "Geerts",
            "Stevens",
            "Pauwels",
            "Vos",
            "Laet",
            "Wilde",
            "Bruyn",
            "Backer",
            "Schepper",
            "Hertogh",
            "Cock",
            "Ridder",
            "Mol",
            "Poel",
            "Beek",
            "Camp",
            "Heuvel",
            "Linden",
            "Eynde",
            "Steen",
            "Velde",
            "Kerckhove",
            "Bossche",
            "Damme",
            "Looy",
            "Roey",
            "Gorp",
            "Dessel",
            "Gestel",
            "Houtven",
            "Baelen",
            "Riet",
            "Nieuwenhuyse",
            "Mulders",
        ],
        ["", "", "", "", "s", "x", "ens", "mans"],
    ),
    "moroccan": (
        ["", "", "El ", "El ", "Ben ", "Bou", "Ait ", "Ouled ", "", "Al "],
        [
            "Amrani",
            "Ali",
            "Zid",
            "Idrissi",
            "Ouali",
            "Azzouz",
            "Khari",
            "Khattabi",
            "Aziz",
            "Tahiri",
            "Hamdi",
            "Mansouri",
            "Bakkali",
            "Haddouchi",
            "Ouriaghli",
            "Moussaoui",
            "Hajji",
            "Fassi",
            "Alaoui",
            "Bennani",
            "Chaoui",
            "Bouzidi",
            "Sbai",
            "Rifi",
            "Hamouchi",
            "Yahyaoui",
            "Tazi",
            "Lahlou",
            "Berrada",
            "Kettani",
            "Naciri",
            "Touzani",
            "Mahjoubi",
            "Kaddouri",
            "Saidi",
            "Marzouki",
            "Tounsi",
            "Harrak",
            "Rachidi",
            "Ghazi",
            "Karimi",
            "Ammari",
            "Ziani",
            "Omari",
            "Jabri",
            "Chakir",
            "Lamrani",
        ],
        ["", "", "", "i", "a"],
    ),
    "turkish": (
        ["", "", "", "", "Kara", "Ak", "Ozt", "Ay", "Kuc", "Bil"],
        [
            "Yilmaz",
            "Kaya",
            "Demir",
            "Sahin",
            "Celik",
            "Yildiz",
            "Ozturk",
            "Aydin",
            "Arslan",
            "Dogan",
            "Kilic",
            "Aslan",
            "Cetin",
            "Kara",
            "Koc",
            "Kurt",
            "Ozdemir",
            "Simsek",
            "Polat",
            "Erdogan",
            "Unal",
            "Korkmaz",
            "Tekin",
            "Aksoy",
            "Bulut",
            "Keskin",
            "Gunes",
            "Yavuz",
            "Tas",
            "Ozkan",
            "Ates",
            "Aktas",
            "Kaplan",
            "Cakir",
            "Guler",
            "Tunc",
            "Bozkurt",
            "Kocak",
            "Sari",
            "Yalcin",
            "Erdem",
            "Akbulut",
            "Ozer",
            "Durmaz",
            "Gok",
            "Uysal",
            "Turan",
        ],
        ["", "", "", "", "er", "oglu", "han", "ci"],
    ),
    "eastern": (
        ["", "", "", "", "", "", "", "", "Nowo", "Stary"],
        [
            "Kowal",
            "Nowak",
            "Wisniew",
            "Popesc",
            "Ionesc",
            "Dimitr",
            "Georgi",
            "Horvat",
            "Novak",
            "Kovacev",
            "Lewandow",
            "Zielin",
            "Szymans",
            "Wozniak",
            "Kaczmar",
            "Mazur",
            "Krawczyk",
            "Petrov",
            "Ivanov",
            "Stoyanov",
            "Popov",
            "Radu",
            "Stan",
            "Dumitr",
            "Constantin",
            "Marin",
            "Tudor",
            "Moldovan",
            "Sokol",
            "Bondarenk",
            "Shevchenk",
            "Kovalenk",
            "Tkachenk",
            "Kravch",
            "Oliynyk",
            "Jovanov",
            "Nikolic",
            "Markovic",
            "Petrovic",
            "Pavlov",
            "Hristov",
            "Todorov",
            "Vasilev",
            "Angelov",
            "Mihailov",
            "Kolar",
            "Dvorak",
            "Cerny",
            "Prochaz",
        ],
        ["", "ski", "ska", "escu", "ov", "ova", "ic", "o", "uk", "a"],
    ),
}

SYLLABLES = {
    "dutch": [
        "el",
        "er",
        "aert",
        "ens",
        "ghe",
        "man",
        "hove",
        "kens",
        "ckx",
        "eels",
        "ijs",
        "ouw",
        "aer",
        "oot",
        "ier",
        "baert",
    ],
    "moroccan": [
        "ch",
        "kh",
        "ou",
        "ba",
        "ma",
        "ta",
        "ri",
        "ni",
        "ji",
        "la",
        "na",
        "ssi",
        "dou",
        "li",
    ],
    "turkish": ["li", "lu", "ci", "gul", "tas", "tan", "can", "dag", "bay", "oz"],
    "eastern": ["in", "an", "el", "ar", "ik", "ek", "ul", "ist", "ows", "iew"],
}
CULTURE_WEIGHTS = {"dutch": 0.55, "moroccan": 0.2, "turkish": 0.12, "eastern": 0.13}
KEYBOARD_NEIGHBOURS = "qwertyuiopasdfghjklzxcvbnm"
_CUMULATIVE: dict[int, list[float]] = {}


@dataclass(frozen=True)
class SyntheticPerson:
    record_id: str
    insz: str
    first_name: str
    last_name: str
    birth_date: dt.date


def _zipf_choice(rng: random.Random, options: Sequence[str]) -> str:
    # A long tail: the first names of a list are far more common than the last ones.
    weights = _CUMULATIVE.get(len(options))
    if weights is None:
        weights = list(itertools.accumulate(1 / (rank + 12) for rank in range(len(options))))
        _CUMULATIVE[len(options)] = weights
    return rng.choices(options, cum_weights=weights)[0]


def _surname(rng: random.Random, culture: str) -> str:
    prefixes, roots, suffixes = SURNAME_PARTS[culture]
    root = _zipf_choice(rng, roots)
    if rng.random() < 0.5:
        # A second syllable stands in for the long tail of a real population's surnames.
        root += rng.choice(SYLLABLES[culture])
    name = f"{rng.choice(prefixes)}{root}{rng.choice(suffixes)}"
    if rng.random() < 0.06:
        # Double surnames and a second root make the tail long, as in a real population.
        name += f"-{rng.choice(roots)}" if culture != "dutch" else f" {rng.choice(roots)}"
    return name


def _first_name(rng: random.Random, culture: str) -> str:
    options = FIRST_NAMES[culture].split()
    name = _zipf_choice(rng, options)
    if rng.random() < 0.15:
        name += f" {rng.choice(options)}"
    return name


def national_number(birth_date: dt.date, serial: int) -> str:
    """A register number with a valid check for this birth date and serial (1..997)."""
    body = f"{birth_date:%y%m%d}{serial:03d}"
    base = int(("2" + body) if birth_date.year >= 2000 else body)
    return f"{body}{97 - base % 97:02d}"


def people(count: int, *, seed: int = 8, reference: dt.date = dt.date(2026, 1, 1)) -> list:
    """``count`` distinct young people aged 15 to 24 on the reference date."""
    rng = random.Random(seed)  # noqa: S311 - synthetic people, not security
    cultures, weights = zip(*CULTURE_WEIGHTS.items(), strict=True)
    used_numbers: set[str] = set()
    result = []
    for n in range(count):
        culture = rng.choices(cultures, weights)[0]
        birth_date = reference - dt.timedelta(days=rng.randint(15 * 365, 25 * 365 - 1))
        while True:
            number = national_number(birth_date, rng.randint(1, 997))
            if number not in used_numbers:
                used_numbers.add(number)
                break
        result.append(
            SyntheticPerson(
                f"P{n:06d}",
                number,
                _first_name(rng, culture),
                _surname(rng, culture),
                birth_date,
            )
        )
    return result


def _typo(rng: random.Random, value: str) -> str:
    if len(value) < 3:
        return value
    i = rng.randrange(1, len(value) - 1)
    kind = rng.random()
    if kind < 0.35:
        return value[:i] + rng.choice(KEYBOARD_NEIGHBOURS) + value[i + 1 :]
    if kind < 0.6:
        return value[:i] + value[i + 1 :]
    if kind < 0.8:
        return value[:i] + value[i + 1] + value[i] + value[i + 2 :]
    return value[:i] + value[i] + value[i:]


def _date_slip(rng: random.Random, value: dt.date) -> dt.date:
    kind = rng.random()
    if kind < 0.4 and value.day <= 12 and value.day != value.month:
        return value.replace(day=value.month, month=value.day)
    if kind < 0.8:
        return value + dt.timedelta(days=rng.choice([-1, 1]))
    try:
        return value.replace(year=value.year + rng.choice([-1, 1]))
    except ValueError:
        return value + dt.timedelta(days=1)


@dataclass(frozen=True)
class Corruption:
    """How often each error occurs in a partner's list."""

    insz_present: float = 0.7
    typo_first: float = 0.08
    typo_last: float = 0.08
    swap: float = 0.04
    date_slip: float = 0.04


def corrupt(
    persons: Iterable[SyntheticPerson],
    *,
    prefix: str,
    seed: int,
    corruption: Corruption = Corruption(),  # noqa: B008 - frozen, shared on purpose
) -> list[SyntheticPerson]:
    """The same people as another partner writes them down, under the partner's own ids."""
    rng = random.Random(seed)  # noqa: S311 - synthetic people, not security
    result = []
    for n, person in enumerate(persons):
        first, last, born = person.first_name, person.last_name, person.birth_date
        if rng.random() < corruption.typo_first:
            first = _typo(rng, first)
        if rng.random() < corruption.typo_last:
            last = _typo(rng, last)
        if rng.random() < corruption.swap:
            first, last = last, first
        if rng.random() < corruption.date_slip:
            born = _date_slip(rng, born)
        insz = person.insz if rng.random() < corruption.insz_present else ""
        result.append(
            replace(
                person,
                record_id=f"{prefix}-{n:06d}",
                insz=insz,
                first_name=first,
                last_name=last,
                birth_date=born,
            )
        )
    return result


def lists(
    size: int,
    *,
    overlap: float = 0.5,
    seed: int = 8,
    corruption: Corruption = Corruption(),  # noqa: B008 - frozen, shared on purpose
) -> tuple[list[SyntheticPerson], list[SyntheticPerson], dict[str, str]]:
    """Two partners' lists of ``size`` records sharing ``overlap`` of their people.

    Returns both lists and the truth: record id in A -> record id in B."""
    shared = int(size * overlap)
    population = people(2 * size - shared, seed=seed)
    rng = random.Random(seed + 1)  # noqa: S311 - synthetic people, not security
    in_a = population[:size]
    in_b = population[size - shared :]
    rng.shuffle(in_b)
    list_a = corrupt(in_a, prefix="A", seed=seed + 2, corruption=corruption)
    list_b = corrupt(in_b, prefix="B", seed=seed + 3, corruption=corruption)
    b_by_person = {
        source.record_id: copy.record_id for source, copy in zip(in_b, list_b, strict=True)
    }
    truth = {
        copy.record_id: b_by_person[source.record_id]
        for source, copy in zip(in_a, list_a, strict=True)
        if source.record_id in b_by_person
    }
    return list_a, list_b, truth


def as_csv(persons: Iterable[SyntheticPerson]) -> str:
    return csv_bytes(
        ([p.record_id, p.insz, p.first_name, p.last_name, p.birth_date, "demo"] for p in persons),
        header=["record_id", "insz", "first_name", "last_name", "birth_date", "school"],
    ).decode("utf-8")
