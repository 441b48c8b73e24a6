"""Parsing the text of a city–VDAB cooperation agreement (samenwerkingsovereenkomst).

The recognised outline is the 2020-2025 template that VDAB and VVSG agreed on:

- a cover with the title, then ``Tussen`` and the parties, each "name, address, vertegenwoordigd
  door ...", separated by ``en``;
- ``Deel`` sections, recognised by their heading word, not their number (Mechelen numbers both
  "Overlegstructuur" and "Duur" as Deel IV): the general aim with the numbered ambitions, the
  principles for an operational cooperation, the action plan, the consultation structure with
  its steering groups (stuurgroepen) and working groups, and the term (duur);
- the action plan as ``Thema`` / ``Actiedomein n`` / ``Actie n.m`` headings, with optional
  ``n.m.k`` sub-items under an action.

A council decision may precede the agreement. Its running page header ("Gemeenteraad van
1 maart 2021 - agendapunt nr. 24. 2") gives the council date and agenda item, and its summary
of the actions is checked against the agreement's own headings; the parse itself starts at the
agreement's cover.

Headings are matched at the start of a line. Extraction breaks long headings like body text,
so a heading runs on over the next line when that line starts in lower case, when the heading
ends on a word no title ends on ("en", "het", "van"), when a quote is still open, or when the
next line is a short fragment that did not fit on the heading's line. Body text is joined
across line breaks, blank lines and page headers; a word broken after a hyphen is joined
keeping the hyphen ("VDAB-" + "jongerenconsulenten").

Anything that would give an incomplete or inconsistent plan stops the import with an
``AgreementImportError`` naming the problem; doubtful but usable findings become warnings.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from .text import AgreementImportError, normalise_text

POLITICAL_STEERING_GROUP = "political_steering_group"
OPERATIONAL_STEERING_GROUP = "operational_steering_group"

#: The opening words of the ten principles for an operational cooperation that VDAB, VVSG and
#: the central working group of local governments fixed in November 2019 (Deel II). They are
#: paragraphs without numbers, so their opening words are what marks where each one starts.
STANDARD_PRINCIPLE_OPENINGS = (
    "We plaatsen de klant",
    "We werken aan meer eigenaarschap",
    "We creëren de omstandigheden",
    "We bouwen onze samenwerking uit",
    "Differentiatie in de samenwerking",
    "De VDAB en de lokale besturen",
    "We werken aan betere gegevensdeling",
    "We maken elkaars dienstverlening",
    "We maken de meerwaarde",
    "Door de samenwerking ook meetbaar",
)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt", "maa"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = rf"(?:\d{{1,2}}\s+(?:{_MONTH_NAMES})\.?\s+\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}})"
_NUMBER_WORDS = {
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
}
_COUNT = r"(?P<count>\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"

_UPPER = "A-ZÀ-ÖØ-Þ"
#: A person's name: capitalised words, with Dutch particles between them ("Carl Van den Eynde").
_NAME = (
    rf"[{_UPPER}][\w'’-]+(?:\s+(?:(?:van|de|den|der|het|ter|te|la|le|du|d'|vanden)\s+)*"
    rf"[{_UPPER}][\w'’-]+)+"
)

_COUNCIL_HEADER = re.compile(
    rf"^(?:Gemeenteraad|OCMW-raad|Raad voor maatschappelijk welzijn)\s+van\s+(?P<date>{_DATE})"
    r"\s*-\s*agendapunt\s+(?:nr\.?\s*)?(?P<item>\d+[a-z]?)\.?(?:\s+\d{1,3})?$",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|page|blz\.?|p\.)\s*\d+(?:\s*(?:/|van|of)\s*\d+)?|-\s*\d+\s*-|\d+\s*/\s*\d+)$",
    re.IGNORECASE,
)
_TRAILING_NUMBER = re.compile(r"\s\d{1,3}$")

_DEEL = re.compile(r"^Deel\s+(?P<number>[IVX]{1,4}|\d{1,2})\s*[.:-]?\s+(?P<title>[A-Z].{0,80})$")
_THEME = re.compile(r"^Thema(?:\s+\d{1,2})?\s*[:.-]?\s+(?P<title>[\"'‘“„«].*|[A-Z].*)$")
_DOMAIN = re.compile(r"^Actiedomein\s+(?P<code>\d{1,2})\.?(?=[\s:-]|$)\s*[:-]?\s*(?P<title>.*)$")
_ACTION = re.compile(r"^Actie\s+(?P<code>\d{1,2}\.\d{1,2})\.?(?=[\s:-]|$)\s*[:-]?\s*(?P<title>.*)$")
_SUBITEM = re.compile(r"^(?P<code>\d{1,2}\.\d{1,2}\.\d{1,2})\.?(?=\s)\s*[:-]?\s*(?P<title>\S.*)$")
#: Headings after which the action plan is over, for texts without further 'Deel' headings.
_PLAN_END = re.compile(
    r"^(?:Overlegstructuur|Stuurgroep(?:\s+\S+){0,6}|Werkgroepen|Duur|Looptijd)$"
)
_GOVERNANCE_HEADING = re.compile(r"^(?:Stuurgroep|Werkgroep(?:en)?)\b")
#: A cover heading "Samenwerkingsovereenkomst tussen ..." that has not yet named both parties.
_COVER_HEADING_OPEN = re.compile(r"\btussen(?:(?!\sen\s).)*$|\sen$", re.IGNORECASE)
_TUSSEN = re.compile(r"^Tussen\b\s*:?\s*(?P<rest>.*)$")
_LIST_ITEM = re.compile(r"^(?P<number>\d{1,2})[.)]\s+(?P<text>\S.*)$")
_LIST_MARKER = re.compile(r"^(?:[-•*o]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"[.;:!?][\"'’”)]*$")
_CONJUNCTION = re.compile(r"(?:en|of|tot|en/of)\b")
#: Words a title does not end on: a heading line ending on one runs on over the next line.
_OPEN_ENDINGS = frozenset(
    {
        "de", "het", "een", "en", "of", "van", "voor", "aan", "in", "op", "met", "naar", "tot",
        "bij", "te", "door", "om", "over", "uit", "als", "tussen", "binnen", "zonder", "vanuit",
        "-",
    }
)  # fmt: skip
_OPENING_QUOTES = "\"'‘“„«"
_CLOSING_QUOTES = "\"'’”»"

# Headings of outlines other than Thema / Actiedomein / Actie, to name them in the refusal.
_LABELLED_HEADING = re.compile(
    rf"^(?P<word>[A-Z][a-z]{{3,}})\s+(?P<number>\d{{1,2}}(?:\.\d{{1,2}})*)\b(?!\s+(?:{_MONTH_NAMES})\b)"
)
_NUMBERED_HEADING = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+[A-Z]")
_NOT_OUTLINE_WORDS = {"Deel", "Artikel", "Gemeenteraad", "Pagina", "Bijlage", "Collegebeslissing"}


@dataclass
class _Section:
    """A 'Deel' of the agreement: the heading's number and title and its lines."""

    number: str
    title: str
    lines: list[str]


@dataclass
class _Heading:
    """A heading of the action plan with the lines of text under it."""

    kind: str  # "theme", "domain", "action" or "subitem"
    code: str
    title: str
    text: list[str] = field(default_factory=list)


def parse_agreement(text: str) -> dict:
    """Return the structure of a cooperation agreement given as text.

    The result holds the title, the term (``start_date``/``end_date``, ISO dates), the council
    decision date and agenda item when a council page header shows them, the parties with
    their signatories, the ambitions (Deel I), the principles (Deel II), the action plan as
    themes > action domains > actions > sub-items (Deel III), the steering groups and working
    groups (Overlegstructuur) and a list of warnings.

    Raises ``AgreementImportError`` when the text does not hold a complete agreement in the
    recognised outline: another outline (Actieplan/Stadsproject, 4.3.1 numbering), no
    outline at all, a missing date or party block, an action numbered outside its domain, a
    duplicate or skipped number, an action the council's summary lists but the text lacks, or
    a count of ambitions or principles that differs from the count the text states.
    """
    lines = normalise_text(text).split("\n")
    council_date, agenda_item = _council_meeting(lines)
    lines = _without_page_furniture(lines)
    start = _agreement_start(lines)
    council, body = lines[:start], lines[start:]
    sections = _sections(body)
    warnings: list[str] = []

    themes = _action_plan(body, warnings)
    _check_council_summary(council, themes, warnings)
    start_date, end_date = _term(body, sections)
    parties = _parties(body, warnings)
    bodies, working_groups = _governance(sections, parties, warnings)
    return {
        "title": _title(body, council, warnings),
        "start_date": start_date.isoformat(),
        "end_date": end_date.isoformat(),
        "council_decision_date": council_date.isoformat() if council_date else None,
        "council_agenda_item": agenda_item,
        "parties": parties,
        "ambitions": _ambitions(sections, themes, warnings),
        "principles": _principles(sections, warnings),
        "themes": themes,
        "bodies": bodies,
        "working_groups": working_groups,
        "warnings": warnings,
    }


# Lines and text ------------------------------------------------------------------------------


def _flow(lines: list[str]) -> str:
    """Join lines into running text, skipping blank lines.

    A line ending in a hyphen right after a letter or digit is joined to the next without a
    space, keeping the hyphen ("VDAB-" + "jongerenconsulenten", "Heist-" + "op-den-Berg"),
    except before a conjunction, where the hyphen stands for a left-out word part
    ("resultaat-" + "en doelgericht").
    """
    text = ""
    for line in lines:
        if not line:
            continue
        glued = text.endswith("-") and text[-2:-1].isalnum() and not _CONJUNCTION.match(line)
        text = f"{text}{line}" if glued or not text else f"{text} {line}"
    return text


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def _next_line(lines: list[str], index: int) -> int | None:
    """The index of the first non-blank line at or after ``index``."""
    return next((i for i in range(index, len(lines)) if lines[i]), None)


def _previous_line(lines: list[str], index: int) -> str:
    """The last non-blank line before ``index``, or ``""``."""
    return next((lines[i] for i in range(index - 1, -1, -1) if lines[i]), "")


def _parse_date(text: str) -> date:
    parts = re.split(r"[\s/.-]+", text.strip().lower())
    day, month, year = parts[0], parts[1], parts[-1]
    month_number = int(month) if month.isdigit() else _MONTHS[month]
    try:
        return date(int(year), month_number, int(day))
    except ValueError as error:
        raise AgreementImportError(f"'{text}' is not a valid date.") from error


def _stated_count(text: str, noun: str) -> int | None:
    """The count the text states for ``noun``: "Deze 10 samenwerkingsprincipes" gives 10."""
    match = re.search(rf"\b{_COUNT}\s+(?:[a-z]+\s+)?{noun}\b", text, re.IGNORECASE)
    if not match:
        return None
    count = match["count"].lower()
    return int(count) if count.isdigit() else _NUMBER_WORDS[count]


# Page furniture and where the agreement starts -----------------------------------------------


def _council_meeting(lines: list[str]) -> tuple[date | None, str | None]:
    """The council date and agenda item from the council's running page header."""
    for line in lines:
        if match := _COUNCIL_HEADER.match(line):
            return _parse_date(match["date"]), match["item"]
    return None, None


def _without_page_furniture(lines: list[str]) -> list[str]:
    """The lines without running page headers and footers.

    Removed: the council's header, page numbers ("Pagina 3 van 12", "- 3 -") and any line
    of 20 characters or more that recurs at least three times with only its trailing page
    number changing. Headings of the outline are never taken for furniture.
    """
    numbered = Counter(
        _TRAILING_NUMBER.sub("", line)
        for line in lines
        if len(line) >= 20 and _TRAILING_NUMBER.search(line) and not _is_heading(line)
    )
    running = {prefix for prefix, count in numbered.items() if count >= 3}
    return [
        line
        for line in lines
        if not (
            _COUNCIL_HEADER.match(line)
            or _PAGE_NUMBER.match(line)
            or (_TRAILING_NUMBER.search(line) and _TRAILING_NUMBER.sub("", line) in running)
        )
    ]


def _tussen_index(lines: list[str]) -> int | None:
    """The line with 'Tussen' that opens the parties block, if any."""
    for index, line in enumerate(lines):
        if _TUSSEN.match(line) and "vertegenwoordigd" in _flow(lines[index : index + 30]):
            return index
    return None


def _agreement_start(lines: list[str]) -> int:
    """Where the agreement itself starts, after any council decision.

    That is the cover above 'Tussen' (the lines up to the previous sentence end), or else the
    'Deel I' heading, or else the top of the text.
    """
    tussen = _tussen_index(lines)
    if tussen is not None:
        start = tussen
        for index in range(tussen - 1, -1, -1):
            if not lines[index]:
                continue
            if _ends_sentence(lines[index]) or tussen - index > 12:
                break
            start = index
        return start
    for index, line in enumerate(lines):
        match = _DEEL.match(line)
        if match and match["number"] in ("I", "1"):
            return index
    return 0


def _sections(body: list[str]) -> list[_Section]:
    sections: list[_Section] = []
    for line in body:
        if match := _DEEL.match(line):
            sections.append(_Section(match["number"], match["title"], []))
        elif sections:
            sections[-1].lines.append(line)
    return sections


def _section(sections: list[_Section], pattern: str) -> _Section | None:
    """The first section whose heading matches ``pattern`` (the heading word, not the number)."""
    return next((s for s in sections if re.search(pattern, s.title, re.IGNORECASE)), None)


# Headings ------------------------------------------------------------------------------------


def _is_heading(line: str) -> bool:
    return bool(
        _DEEL.match(line)
        or _THEME.match(line)
        or _DOMAIN.match(line)
        or _ACTION.match(line)
        or _SUBITEM.match(line)
    )


def _quote_open(text: str) -> bool:
    return text[:1] in _OPENING_QUOTES and text[-1:] not in _CLOSING_QUOTES


def _clean_title(title: str) -> str:
    """The title without surrounding quotes, separators or a trailing full stop."""
    title = title.strip(" -:;.")
    if title[:1] in _OPENING_QUOTES and title[-1:] in _CLOSING_QUOTES:
        title = title[1:-1].strip()
    return title


def _line_width(lines: list[str]) -> int:
    """The width the text is wrapped at: the length nine lines in ten stay within."""
    lengths = sorted(len(line) for line in lines if line)
    return lengths[len(lengths) * 9 // 10] if lengths else 0


def _heading_title(lines: list[str], index: int, first: str, width: int) -> tuple[str, int]:
    """The full title of the heading at ``index`` and the index of its last line.

    A heading that holds only its number takes its title from the next line; a title runs on
    over following lines as ``_runs_on`` decides.
    """
    parts = [first] if first else []
    last = index
    while len(parts) < 4:
        following = _next_line(lines, last + 1)
        if following is None or _is_heading(lines[following]):
            break
        line = lines[following]
        if parts and not _runs_on(_flow(parts), lines[last], line, width):
            break
        if not parts and (_ends_sentence(line) or len(line) > 120):
            break
        parts.append(line)
        last = following
    return _clean_title(_flow(parts)), last


def _runs_on(title: str, last_line: str, line: str, width: int) -> bool:
    """Whether ``line`` continues a heading whose title so far is ``title``.

    It does while a quote is open. Otherwise not after a sentence end, nor when the line ends
    a sentence itself. It does when the line starts in lower case or with "(", when the title
    ends on a word no title ends on ("en", "het", "van" ...), and when the line is a short
    fragment whose first word did not fit on the heading's last line (the text being wrapped
    at ``width``): extraction breaks long headings like body text.
    """
    if _quote_open(title):
        return True
    if _ends_sentence(title) or _ends_sentence(line):
        return False
    if line[0].islower() or line[0] == "(" or title.split()[-1].lower() in _OPEN_ENDINGS:
        return True
    did_not_fit = len(last_line) + 1 + len(line.split()[0]) > width
    return did_not_fit and len(line) * 2 < width


def _plan_heading(line: str, in_action: bool) -> tuple[str, str, str] | None:
    """(kind, code, title on this line) when ``line`` is a heading of the action plan."""
    if match := _THEME.match(line):
        return "theme", "", match["title"]
    if match := _DOMAIN.match(line):
        return "domain", match["code"], match["title"]
    if match := _ACTION.match(line):
        return "action", match["code"], match["title"]
    if in_action and (match := _SUBITEM.match(line)):
        return "subitem", match["code"], match["title"]
    return None


def _ends_plan(lines: list[str], index: int) -> bool:
    """The plan ends at the next 'Deel' heading, or, in a text without one, at a heading of
    the consultation structure or term: a short line of its own that starts a paragraph."""
    line = lines[index]
    if _DEEL.match(line):
        return True
    if not _PLAN_END.match(line) or _ends_sentence(line):
        return False
    previous = _previous_line(lines, index)
    return not previous or _ends_sentence(previous)


# The action plan -----------------------------------------------------------------------------


def _plan_headings(body: list[str]) -> list[_Heading]:
    """The headings of the action plan in text order, each with the lines under it."""
    headings: list[_Heading] = []
    width = _line_width(body)
    index = 0
    while index < len(body):
        line = body[index]
        if headings and _ends_plan(body, index):
            _refuse_late_headings(body, index)
            break
        in_action = bool(headings) and headings[-1].kind in ("action", "subitem")
        found = _plan_heading(line, in_action) if line else None
        if found:
            kind, code, first = found
            title, index = _heading_title(body, index, first, width)
            headings.append(_Heading(kind, code, title))
        elif headings:
            headings[-1].text.append(line)
        index += 1
    return headings


def _refuse_late_headings(body: list[str], end: int) -> None:
    """An action or domain heading after the end of the plan would be lost: refuse it."""
    for line in body[end + 1 :]:
        if _DOMAIN.match(line) or _ACTION.match(line):
            raise AgreementImportError(
                f"'{line}' stands after the end of the action plan (at '{body[end]}')."
            )


def _action_plan(body: list[str], warnings: list[str]) -> list[dict]:
    """Themes > action domains > actions > sub-items, checked for completeness.

    An action's code must start with its domain's number and a sub-item's with its action's
    code; numbers must not repeat and must run 1, 2, 3 ... without gaps; every theme needs a
    domain and every domain an action.
    """
    headings = _plan_headings(body)
    if not any(h.kind in ("domain", "action") for h in headings):
        raise _unsupported_outline(body)
    themes: list[dict] = []
    domain: dict | None = None
    action: dict | None = None
    seen: dict[str, str] = {}
    for heading in headings:
        if heading.kind != "theme" and not heading.title:
            raise AgreementImportError(f"{_label(heading)} has no title.")
        if heading.kind != "theme" and heading.code in seen:
            raise AgreementImportError(
                f"{_label(heading)} appears twice ('{seen[heading.code]}' and '{heading.title}')."
            )
        seen[heading.code] = heading.title
        description = _flow(heading.text)
        if heading.kind == "theme":
            themes.append({"title": heading.title, "description": description, "domains": []})
            domain = action = None
        elif heading.kind == "domain":
            if not themes:
                warnings.append("The action plan has no 'Thema' headings; its domains stand alone.")
                themes.append({"title": "", "description": "", "domains": []})
            domain = {"number": int(heading.code), "title": heading.title}
            domain |= {"description": description, "actions": []}
            themes[-1]["domains"].append(domain)
            action = None
        elif heading.kind == "action":
            _check_parent(heading, domain and str(domain["number"]), "Actiedomein")
            action = {"code": heading.code, "title": heading.title}
            action |= {"description": description, "subitems": []}
            domain["actions"].append(action)
        else:
            _check_parent(heading, action and action["code"], "Actie")
            action["subitems"].append(
                {"code": heading.code, "title": heading.title, "description": description}
            )
    _check_numbering(themes)
    return themes


def _label(heading: _Heading) -> str:
    names = {"theme": "Thema", "domain": "Actiedomein", "action": "Actie", "subitem": "Item"}
    return f"{names[heading.kind]} {heading.code}".strip()


def _check_parent(heading: _Heading, parent_code: str | None, parent_name: str) -> None:
    """A code must extend its parent's: Actie 3.1 cannot stand under Actiedomein 2."""
    if parent_code is None:
        raise AgreementImportError(f"{_label(heading)} appears before any '{parent_name}' heading.")
    if heading.code.rsplit(".", 1)[0] != parent_code:
        raise AgreementImportError(
            f"{_label(heading)} stands under {parent_name} {parent_code}; its number must start "
            f"with {parent_code}."
        )


def _check_numbering(themes: list[dict]) -> None:
    """Domains, actions and sub-items are numbered 1, 2, 3 ... in order, and none is empty."""
    for theme in themes:
        if not theme["domains"]:
            raise AgreementImportError(f"Thema '{theme['title']}' has no 'Actiedomein' headings.")
    domains = [d for theme in themes for d in theme["domains"]]
    numbers = [d["number"] for d in domains]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        found = ", ".join(map(str, numbers))
        raise AgreementImportError(f"The action domains are not numbered in order: {found}.")
    for domain in domains:
        if not domain["actions"]:
            raise AgreementImportError(
                f"Actiedomein {domain['number']} ('{domain['title']}') has no 'Actie "
                f"{domain['number']}.n' headings."
            )
        _check_sequence(f"Actiedomein {domain['number']}", "Actie", domain["actions"])
        for action in domain["actions"]:
            _check_sequence(f"Actie {action['code']}", "item", action["subitems"])


def _check_sequence(parent: str, child: str, items: list[dict]) -> None:
    """The items under ``parent`` are numbered 1, 2, 3 ... in order, without gaps."""
    numbers = [int(item["code"].rsplit(".", 1)[1]) for item in items]
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected:
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        prefix = items[0]["code"].rsplit(".", 1)[0]
        found = ", ".join(item["code"] for item in items)
        gap = f"skips {child} {prefix}.{missing[0]}" if missing else "is numbered out of order"
        raise AgreementImportError(f"{parent} {gap} (found {found}).")


def _unsupported_outline(body: list[str]) -> AgreementImportError:
    """The refusal for a text without Actiedomein/Actie headings, naming what it has instead."""
    labels: list[str] = []
    kinds: dict[str, str] = {}
    for line in body:
        if len(line.split()) > 15 or _ends_sentence(line):
            continue
        labelled = _LABELLED_HEADING.match(line)
        numbered = _NUMBERED_HEADING.match(line)
        if labelled and labelled["word"] not in _NOT_OUTLINE_WORDS:
            label, kind = f"{labelled['word']} {labelled['number']}", labelled["word"]
        elif numbered:
            label, kind = numbered["number"], f"depth {numbered['number'].count('.')}"
        else:
            continue
        labels.append(label)
        kinds.setdefault(kind, label)
    if not labels:
        return AgreementImportError(
            "No agreement outline found: the text has no 'Actiedomein n' / 'Actie n.n' headings "
            "and no other numbered headings."
        )
    examples = ", ".join(f"'{label}'" for label in list(kinds.values())[:3])
    return AgreementImportError(
        f"No 'Actiedomein'/'Actie n.n' outline found; found headings like {examples} "
        f"({len(labels)} in all). This outline is not supported."
    )


def _code_order(code: str) -> tuple[int, ...]:
    return tuple(map(int, code.split(".")))


def _check_council_summary(council: list[str], themes: list[dict], warnings: list[str]) -> None:
    """Every action the council decision lists must have its heading in the agreement."""
    listed = set(re.findall(r"\bActie\s+(\d{1,2}\.\d{1,2})\b", _flow(council)))
    if not listed:
        return
    found = {a["code"] for t in themes for d in t["domains"] for a in d["actions"]}
    if missing := sorted(listed - found, key=_code_order):
        names = ", ".join(f"Actie {code}" for code in missing)
        raise AgreementImportError(
            f"The council decision lists {names}, but the agreement text has no such heading."
        )
    if extra := sorted(found - listed, key=_code_order):
        names = ", ".join(f"Actie {code}" for code in extra)
        warnings.append(f"The council decision's summary does not list {names}.")


# Term, title and parties ---------------------------------------------------------------------

_START_PATTERNS = (
    rf"\b(?:gaat|treedt)\s+in(?:\s+werking)?\s+(?:op|vanaf)\s+(?P<date>{_DATE})",
    rf"\bin\s+werking\s+(?:op|vanaf)\s+(?P<date>{_DATE})",
    rf"\b(?:loopt|geldt|geldig)\s+van\s+(?P<date>{_DATE})\s+tot\b",
)
_END_PATTERNS = (
    rf"\beinddatum\s+(?:van\s+|op\s+)?(?P<date>{_DATE})",
    rf"\b(?:loopt|geldt|geldig)\s+(?:\w+\s+){{0,4}}?tot(?:\s+en\s+met)?\s+(?P<date>{_DATE})",
    rf"\beindigt\s+(?:op\s+)?(?P<date>{_DATE})",
)


def _term(body: list[str], sections: list[_Section]) -> tuple[date, date]:
    """Start and end date: "gaat in op 1 maart 2021", "uiterste einddatum 31 december 2025".

    The term section ('Duur') is searched first, then the whole agreement.
    """
    duration = _section(sections, r"\bduur\b|looptijd|termijn|geldigheid")
    texts = ([_flow(duration.lines)] if duration else []) + [_flow(body)]
    start = _first_date(texts, _START_PATTERNS)
    end = _first_date(texts, _END_PATTERNS)
    if start is None:
        raise AgreementImportError(
            "No start date found; expected a sentence like 'Deze overeenkomst gaat in op "
            "1 maart 2021'."
        )
    if end is None:
        raise AgreementImportError(
            "No end date found; expected a sentence like 'met als uiterste einddatum "
            "31 december 2025' or 'loopt tot 31 december 2025'."
        )
    if end <= start:
        raise AgreementImportError(
            f"The end date {end.isoformat()} does not come after the start date "
            f"{start.isoformat()}."
        )
    return start, end


def _first_date(texts: list[str], patterns: tuple[str, ...]) -> date | None:
    for text in texts:
        for pattern in patterns:
            if match := re.search(pattern, text, re.IGNORECASE):
                return _parse_date(match["date"])
    return None


def _title(body: list[str], council: list[str], warnings: list[str]) -> str:
    """The agreement's title from its cover, the lines above 'Tussen'.

    A first line "Samenwerkingsovereenkomst [tussen A en B]", with the lines it runs on over,
    is the cover's heading, not the title. Without a title on the cover, the title the council
    decision quotes is used. A year range is written "2020-2025".
    """
    tussen = _tussen_index(body)
    cover = [line for line in body[:tussen] if line] if tussen is not None else []
    heading = ""
    if cover and cover[0].lower().startswith("samenwerkingsovereenkomst"):
        heading = cover.pop(0)
        while cover and (cover[0][0].islower() or _COVER_HEADING_OPEN.search(heading)):
            heading = f"{heading} {cover.pop(0)}"
    quoted = re.search(
        r"samenwerkingsovereenkomst\s+goed\b[^‘“\"]{0,300}?[‘“\"](?P<title>[^’”\"]{3,200})[’”\"]",
        _flow(council),
        re.IGNORECASE,
    )
    title = _clean_title(_flow(cover)) or (quoted and _clean_title(quoted["title"])) or heading
    if not title:
        raise AgreementImportError("No title found above the parties block ('Tussen').")
    if title == heading:
        warnings.append(f"No title found on the cover; used its heading '{heading}'.")
    return re.sub(r"\b(\d{4})\s*-\s*(\d{4})\b", r"\1-\2", title)


_PARTY = re.compile(
    r"(?:^|\ben\s+)(?P<name>[^,]+?),\s*"
    r"(?:(?:met\s+)?(?:maatschappelijke\s+)?(?:zetel|gevestigd|kantoor)\s+(?:te|in|op|aan)\s+)?"
    r"(?P<address>[^,]*?\d[^,]*,\s*\d{4}\s+[^,]+?),\s*(?:hierna\s[^,]*,\s*)?"
    r"vertegenwoordigd\s+door\s+",
    re.IGNORECASE,
)
_PARTIES_END = re.compile(
    r"\s*(?:wordt|worden)\s+(?:een|de|deze)\s+(?:samenwerkingsovereenkomst|overeenkomst)\s+"
    r"(?:gesloten|afgesloten|aangegaan)|\s*(?:komen|wordt)\s+(?:het\s+)?(?:volgende\s+)?overeen",
    re.IGNORECASE,
)


def _parties(body: list[str], warnings: list[str]) -> list[dict]:
    """The parties named after 'Tussen': "name, [met zetel te] street nr, postcode city,
    vertegenwoordigd door ...", one after the other, joined by "en"."""
    tussen = _tussen_index(body)
    if tussen is None:
        raise AgreementImportError(
            "No parties found: expected a 'Tussen' block naming each party with its address "
            "and representatives."
        )
    end = next((i for i in range(tussen, len(body)) if _DEEL.match(body[i])), len(body))
    text = _TUSSEN.sub(r"\g<rest>", _flow(body[tussen:end]), count=1)
    if stop := _PARTIES_END.search(text):
        text = text[: stop.start()]
    matches = list(_PARTY.finditer(text))
    if len(matches) < 2:
        raise AgreementImportError(
            f"Found {len(matches)} parties in the 'Tussen' block; expected two or more, each as "
            "'name, street nr, postcode city, vertegenwoordigd door ...'."
        )
    parties = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        representatives = text[match.end() : following.start() if following else len(text)]
        name = match["name"].strip()
        signatories = _signatories(representatives.strip(" ,.;"))
        if not signatories:
            warnings.append(f"No signatories recognised for {name}.")
        parties.append(
            {"name": name, "address": match["address"].strip(), "signatories": signatories}
        )
    return parties


def _signatories(text: str) -> list[dict]:
    """People who sign for a party, written "Name, function en Name, function" or
    "[haar gemeenteraad, waarvoor optreedt] function Name en function Name"."""
    text = re.sub(r"^.*?\b(?:waarvoor|voor wie)\s+(?:optreedt|optreden)\s+", "", text)
    if re.match(rf"{_NAME}\s*,", text):
        pattern = (
            rf"(?:^|\s+en\s+)(?P<name>{_NAME})\s*,\s*(?P<function>.+?)(?=\s+en\s+{_NAME}\s*,|$)"
        )
    else:
        pattern = (
            rf"(?:^|\s+en\s+|,\s*)(?P<function>[a-z][^,]*?)\s+(?P<name>{_NAME})(?=\s+en\s|,|$)"
        )
    return [
        {"name": match["name"], "function": match["function"].strip(" ,")}
        for match in re.finditer(pattern, text)
    ]


def _party_named(who: str, parties: list[dict]) -> dict | None:
    """The party a phrase like "VDAB", "de stad" or "het lokaal bestuur" stands for."""
    phrase = who.lower()
    vdab = next((p for p in parties if "vdab" in p["name"].lower()), None)
    local = next((p for p in parties if p is not vdab), None)
    if "vdab" in phrase:
        return vdab
    if re.search(r"\b(?:stad|gemeente|lokaa?le?\s+bestuur|ocmw|sociaal huis)\b", phrase):
        return local
    return next((p for p in parties if p["name"].lower() in phrase), None)


# Ambitions and principles --------------------------------------------------------------------


def _ambitions(sections: list[_Section], themes: list[dict], warnings: list[str]) -> list[str]:
    """The numbered ambitions of Deel I ("Hiermee worden drie centrale ambities beoogd: 1. ...").

    An item runs on over lines that start in lower case. A stated count must match. Without a
    numbered list, the theme titles stand in, with a warning.
    """
    general = _section(sections, r"doelstelling|algemeen|ambitie")
    lines = general.lines if general else []
    items: list[str] = []
    for index, line in enumerate(lines):
        match = _LIST_ITEM.match(line)
        context = _flow(lines[max(0, index - 6) : index]).lower()
        if match and match["number"] == "1" and "ambitie" in context[-200:]:
            items = _numbered_list(lines, index)
            break
    if not items:
        warnings.append("No numbered list of ambitions found in Deel I; used the theme titles.")
        return [theme["title"] for theme in themes if theme["title"]]
    stated = _stated_count(_flow(lines), r"(?:centrale\s+)?ambities")
    if stated is not None and stated != len(items):
        raise AgreementImportError(f"Deel I announces {stated} ambitions but lists {len(items)}.")
    return items


def _numbered_list(lines: list[str], start: int) -> list[str]:
    """The items of the list numbered 1, 2, 3 ... that starts at ``start``."""
    items: list[list[str]] = []
    for line in lines[start:]:
        if not line:
            continue
        match = _LIST_ITEM.match(line)
        if match and int(match["number"]) == len(items) + 1:
            items.append([match["text"]])
        elif line[0].islower() and not _ends_sentence(_flow(items[-1])):
            items[-1].append(line)
        else:
            break
    return [_clean_title(_flow(item)) for item in items]


def _principles(sections: list[_Section], warnings: list[str]) -> list[str]:
    """The principles for an operational cooperation (Deel II), one paragraph each.

    They are not numbered. When the text uses the standard set of November 2019, each
    principle starts with its known opening words (see ``STANDARD_PRINCIPLE_OPENINGS``),
    wherever the lines break. Otherwise principles are split at ";" before a capital, at
    blank lines (when blank lines separate paragraphs) and at list markers, with a warning.
    When the text states how many principles there are, a split must give exactly that
    count or the import stops.
    """
    section = _section(sections, r"princip")
    if section is None:
        warnings.append("No principles section ('Deel ... Principes') found.")
        return []
    text = _flow(section.lines)
    standard, found = _split_at_standard_openings(text)
    generic = _split_generic(section.lines)
    stated = _stated_count(text, r"(?:samenwerkings)?principes")
    if stated is None:
        if found == len(STANDARD_PRINCIPLE_OPENINGS):
            return standard
        if generic:
            warnings.append(
                "The principles do not follow the standard wording and the text does not say "
                f"how many there are; split into {len(generic)} at ';' and paragraph breaks. "
                "Check them."
            )
        return generic
    if found and len(standard) == stated:
        return standard
    if len(generic) == stated:
        warnings.append(
            "The principles were split at ';' and paragraph breaks, not at the standard "
            "opening words; check them."
        )
        return generic
    counts = f"{len(generic)} by ';' and paragraph breaks"
    if found:
        counts = f"{len(standard)} were found by their standard opening words and {counts}"
    else:
        counts = f"{counts} were found"
    raise AgreementImportError(
        f"Deel II states {stated} principles, but {counts}; mark each principle as a paragraph "
        "of its own and import again."
    )


def _split_at_standard_openings(text: str) -> tuple[list[str], int]:
    """The principles split where a standard opening starts a sentence, and how many openings
    were found."""
    starts = []
    for opening in STANDARD_PRINCIPLE_OPENINGS:
        pattern = r"\s+".join(map(re.escape, opening.split()))
        for match in re.finditer(rf"(?:^|(?<=[.;:!?])\s+|(?<=[.;:!?][\"'’”)])\s+){pattern}", text):
            starts.append(match.end() - len(match.group().lstrip()))
            break
    if not starts:
        return [], 0
    starts.sort()
    pieces = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return [_clean_principle(piece) for piece in pieces], len(starts)


def _split_generic(lines: list[str]) -> list[str]:
    """Principles split at ';' before a capital, at paragraph breaks and at list markers."""
    units = [
        piece
        for paragraph in _paragraphs(lines)
        for piece in re.split(r"(?<=;)\s+(?=[A-Z\"'‘“])", _flow(paragraph))
    ]
    if units:
        units[0] = _without_introduction(units[0])
    return [_clean_principle(unit) for unit in units if unit.strip()]


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """Lines grouped into paragraphs at list markers, and at blank lines when those separate
    paragraphs rather than every line (as in text extracted with a blank after each line)."""
    filled = [i for i, line in enumerate(lines[:-1]) if line]
    followed_by_blank = sum(1 for i in filled if not lines[i + 1])
    blank_separates = followed_by_blank * 2 < len(filled)
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if (not line and blank_separates) or _LIST_MARKER.match(line):
            paragraphs.append([])
        if line:
            paragraphs[-1].append(line)
    return [p for p in paragraphs if p]


def _without_introduction(text: str) -> str:
    """The text without its leading sentences about the principles themselves."""
    sentences = re.split(r"(?<=[.!?:])\s+(?=[A-Z])", text)
    while sentences and re.search(
        r"princip|toetsingskader|volgende|onderschrijven", sentences[0], re.IGNORECASE
    ):
        sentences.pop(0)
    return " ".join(sentences)


def _clean_principle(text: str) -> str:
    text = _LIST_MARKER.sub("", text.strip())
    return re.sub(r"(?:[;,]\s*(?:en|of)?)$", "", text).strip()


# Consultation structure ----------------------------------------------------------------------

_MEETINGS = re.compile(
    rf"\b{_COUNT}\s*(?:x|keer|maal)\s+per\s+jaar\b|\b(?P<word>(?:half|drie|twee)?maandelijks"
    r"|halfjaarlijks|jaarlijks|per\s+kwartaal|elk\s+kwartaal|per\s+semester)\b",
    re.IGNORECASE,
)
_MEETINGS_BY_WORD = {
    "halfmaandelijks": 24,
    "maandelijks": 12,
    "tweemaandelijks": 6,
    "driemaandelijks": 4,
    "per kwartaal": 4,
    "elk kwartaal": 4,
    "halfjaarlijks": 2,
    "per semester": 2,
    "jaarlijks": 1,
}
_CONVENOR = re.compile(
    r"(?:^|[.;:!?]\s+)(?P<who>[^.;:!?]{1,60}?)\s+(?:nodigt|nodigen|roept|roepen)\s+"
    r"(?:\w+\s+){0,4}?(?:uit|samen|bijeen)\b"
    r"|(?:bijeengeroepen|samengeroepen)\s+door\s+(?P<by>[^.;,]{1,60})",
    re.IGNORECASE,
)
_MEMBER_LIST = re.compile(
    r"\bVoor\s+(?P<who>(?:\S+\s+){0,4}?\S+?)\s*:\s*(?P<list>.+?)(?=\s+Voor\s+(?:\S+\s+){0,4}?\S+?\s*:|$)"
)


def _governance(
    sections: list[_Section], parties: list[dict], warnings: list[str]
) -> tuple[list[dict], list[str]]:
    """The steering groups and working groups of the consultation structure ('Overlegstructuur')."""
    section = _section(sections, r"overleg|structuur|opvolging|organisatie")
    if section is None:
        warnings.append("No 'Overlegstructuur' section found; no steering groups imported.")
        return [], []
    bodies = [
        _body(heading, lines, parties, warnings)
        for heading, lines in _governance_blocks(section.lines)
        if heading.lower().startswith("stuurgroep")
    ]
    if not bodies:
        warnings.append("The 'Overlegstructuur' section names no 'Stuurgroep'.")
    listed = re.search(r"\bwerkgroepen\s*:\s*(?P<list>[^.]+)", _flow(section.lines))
    working_groups: list[str] = []
    if listed:
        *items, last = [item.strip() for item in listed["list"].split(",")]
        working_groups = [item for item in [*items, *last.rsplit(" en ", 1)] if item]
    return bodies, working_groups


def _governance_blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(heading, lines) for each 'Stuurgroep ...' or 'Werkgroepen' heading: a short line
    that does not end a sentence and starts a paragraph, with the lines it runs on over."""
    blocks: list[tuple[str, list[str]]] = []
    width = _line_width(lines)
    index = 0
    while index < len(lines):
        line = lines[index]
        previous = _previous_line(lines, index)
        if (
            _GOVERNANCE_HEADING.match(line)
            and len(line.split()) <= 10
            and not _ends_sentence(line)
            and (not previous or _ends_sentence(previous) or not blocks)
        ):
            heading, index = _heading_title(lines, index, line, width)
            blocks.append((heading, []))
        elif blocks:
            blocks[-1][1].append(line)
        index += 1
    return blocks


def _body(heading: str, lines: list[str], parties: list[dict], warnings: list[str]) -> dict:
    """A steering group: kind, meetings a year, the convening party and the members.

    A group that links to political policy or seats aldermen (schepenen) is the political
    steering group; the others are operational. "De stad nodigt uit" makes the local party
    the convenor; members are listed as "Voor VDAB: name, function, ..." per party.
    """
    text = _flow(lines)
    lists = list(_MEMBER_LIST.finditer(text))
    description = text[: lists[0].start()].strip() if lists else text
    political = re.search(r"politie|schepen|burgemeester", text, re.IGNORECASE)
    meetings = _MEETINGS.search(description)
    if meetings is None:
        warnings.append(f"{heading}: no number of meetings a year found.")
    convenor = None
    if match := _CONVENOR.search(description):
        convenor = _party_named(match["who"] or match["by"], parties)
    if convenor is None:
        warnings.append(f"{heading}: no convening party found ('... nodigt uit').")
    members = [
        member
        for match in lists
        for member in _members(match["list"], match["who"], parties, warnings)
    ]
    return {
        "name": heading,
        "kind": POLITICAL_STEERING_GROUP if political else OPERATIONAL_STEERING_GROUP,
        "min_meetings_per_year": _meetings_per_year(meetings) if meetings else 0,
        "convenor": convenor["name"] if convenor else "",
        "members": members,
        "description": description,
    }


def _meetings_per_year(match: re.Match) -> int:
    if match["count"]:
        count = match["count"].lower()
        return int(count) if count.isdigit() else _NUMBER_WORDS[count]
    return _MEETINGS_BY_WORD[re.sub(r"\s+", " ", match["word"].lower())]


def _members(text: str, who: str, parties: list[dict], warnings: list[str]) -> list[dict]:
    """Members from "Name, function, Name, function en Name, function."; "function of Name"
    starts an alternative member, kept as a member of its own."""
    text = re.split(r"\.(?=\s|$)", text, maxsplit=1)[0]
    party = _party_named(who, parties)
    if party is None:
        warnings.append(f"Members 'Voor {who}' could not be matched to a party.")
    organisation = party["name"] if party else who
    members: list[dict] = []
    for chunk in text.split(","):
        for token in re.split(rf"\s+(?:en|of)\s+(?={_NAME}\s*$)", chunk.strip()):
            if re.fullmatch(_NAME, token):
                members.append({"name": token, "function": "", "organisation": organisation})
            elif members and token:
                function = members[-1]["function"]
                members[-1]["function"] = f"{function}, {token}" if function else token
    return members
