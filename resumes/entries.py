"""Experience, education and project entries: where each starts, and what its header says.

Entries are found by their dates: a line with a date range anchors an entry, and the
short lines just above or below it complete its header ("Senior Engineer" over
"Tidewater Analytics" over "Mar 2021 – Present"), as many as it takes to name both the
role and the employer. An entry without dates is still found when its header sits
between bullet lists. Each part of a header is then read for what it is: a place, a
title (it has role words), an employer, a school or a degree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from resumes.fields import (
    company_score,
    is_employment_type,
    is_institution,
    is_place,
    role_score,
    split_at,
    split_commas,
    split_commas_outside_brackets,
    split_strong,
    squash,
    take_trailing_place,
    take_urls,
)
from resumes.lines import Line, ends_sentence
from resumes.written_dates import DateRange, find_date_range, find_single_date

_ABBREVIATION_END = re.compile(
    r"\b(?:inc|ltd|co|corp|llc|plc|jr|sr|st|u\.s|b\.v|n\.v|s\.a|e\.v)\.$", re.IGNORECASE
)
_LABEL_ONLY = re.compile(r"^[\w ,&/'-]{1,40}:$")
_KEYWORDS_LINE = re.compile(
    r"^(?:tech(?:nologies|nology| stack)?|stack|tools|built with|keywords|skills(?: used)?|"
    r"languages|environment)\s*:\s*(.+)$",
    re.IGNORECASE,
)
_COURSES_LINE = re.compile(r"^(?:relevant\s+)?(?:course ?work|courses)\s*:\s*(.+)$", re.IGNORECASE)
_SCORE = re.compile(
    r"\b(?:GPA|CGPA|grade|score)\s*:?\s*(\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)?)", re.I
)
_DEGREE = re.compile(
    r"(?<![\w.])(?:"
    r"(?:bachelor|master|doctor|associate)(?:['’]s|s)?(?:\s+degree)?(?:\s+of\s+(?-i:[A-Z][a-z]+)"
    r"(?:\s+(?:and\s+)?(?-i:[A-Z][a-z]+))?)?"
    r"|doctorate|diploma|high school diploma|ged"
    r"|ph\.?\s?d\.?|d\.?phil\.?|m\.?b\.?a\.?|m\.?d\.?|j\.?d\.?|ll\.?[bm]\.?|pharm\.?d\.?"
    r"|[bm]\.?\s?(?:sc|eng|tech|com|ed|arch|des|fa|ba|a|s|e)\.?"
    r"|mphil|msc|bsc|beng|meng|bba|bfa|mfa|med|a\.?a\.?s?\.?"
    r")(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Item:
    text: str
    bullet: bool
    heading: int
    dates: DateRange | None


@dataclass
class _Entry:
    header: list[int]
    body: list[int]


_EDGE = re.compile(r"^[\s,;:|·•()\[\]–—-]*$")
"""Nothing but separators: what may stand between a lone date and the end of its line."""


def _single_date_at_an_end(text: str) -> DateRange | None:
    """A lone date that opens or closes a header line ("Design Intern, IDEO, Summer 2016")."""
    found = find_single_date(text)
    if found is None or _sentence_like(text):
        return None
    before, after = text[: found.span[0]], text[found.span[1] :]
    return found if _EDGE.match(before) or _EDGE.match(after) else None


def _items(lines: list[Line], *, single_dates: bool) -> list[_Item]:
    items: list[_Item] = []
    for line in lines:
        if line.blank:
            continue
        text = line.text.strip()
        dates = None if line.bullet else find_date_range(text)
        if dates is None and single_dates and not line.bullet and len(text.split()) <= 14:
            dates = _single_date_at_an_end(text)
        items.append(_Item(text, line.bullet, line.heading, dates))
    return items


def _undated_text(item: _Item) -> str:
    if item.dates is None:
        return item.text
    start, end = item.dates.span
    return re.sub(r"[(\[]\s*[)\]]", " ", f"{item.text[:start]}  {item.text[end:]}")


def _sentence_like(text: str) -> bool:
    return ends_sentence(text) and not _ABBREVIATION_END.search(text)


def _header_like(item: _Item) -> bool:
    text = squash(_undated_text(item))
    return (
        not item.bullet
        and len(text.split()) <= 14
        and not _sentence_like(text)
        and not _LABEL_ONLY.match(item.text)
        and not item.text[:1].islower()
    )


def _parts(text: str) -> tuple[list[str], list[str]]:
    """The parts of a header line that name something, and the places in it."""
    _, text = take_urls(text)
    places: list[str] = []
    parts: list[str] = []
    for whole in split_at(text) or split_strong(text):
        part, place = take_trailing_place(whole)
        if place is None and is_place(part) and not _DEGREE.search(part):
            part, place = "", part.strip(" ()")
        if place:
            places.append(place)
        part = squash(re.sub(r"^\(|\)$", "", part))
        if part and not is_employment_type(part):
            parts.append(part)
    return parts, places


def _count_parts(item: _Item) -> int:
    return len(_parts(_undated_text(item))[0])


def _segment(items: list[_Item], need: int, starts_entry: Callable[[int], bool]) -> list[_Entry]:
    """Entries by their dated lines first, then undated ones that ``starts_entry`` accepts."""
    in_header: set[int] = set()
    entries: list[_Entry] = []
    anchors = [i for i, item in enumerate(items) if item.dates is not None]
    for number, anchor in enumerate(anchors):
        floor = anchors[number - 1] if number else -1
        ceiling = anchors[number + 1] if number + 1 < len(anchors) else len(items)
        header = [anchor]
        have = _count_parts(items[anchor])
        before = anchor - 1
        while (
            have < need
            and before > floor
            and anchor - before <= 2
            and before not in in_header
            and _header_like(items[before])
        ):
            header.insert(0, before)
            have += _count_parts(items[before])
            if items[before].heading:
                break
            before -= 1
        after = anchor + 1
        while (
            have < need
            and after < ceiling
            and after - anchor <= 2
            and _header_like(items[after])
            and len(items[after].text.split()) <= 8
            and items[after].heading == 0
        ):
            header.append(after)
            have += _count_parts(items[after])
            after += 1
        in_header.update(header)
        entries.append(_Entry(header, []))
    for index in range(len(items)):
        if index in in_header or not starts_entry(index):
            continue
        header = [index]
        have = _count_parts(items[index])
        follow = index + 1
        while (
            follow < len(items)
            and follow not in in_header
            and have < need
            and _header_like(items[follow])
            and items[follow].heading == 0
            and not starts_entry(follow)
        ):
            header.append(follow)
            have += _count_parts(items[follow])
            follow += 1
        in_header.update(header)
        entries.append(_Entry(header, []))
    entries.sort(key=lambda entry: entry.header[0])
    starts = [entry.header[0] for entry in entries] + [len(items)]
    for entry, end in zip(entries, starts[1:], strict=True):
        entry.body = [i for i in range(entry.header[0], end) if i not in entry.header]
    return entries


def _starts_after_bullets(items: list[_Item]) -> Callable[[int], bool]:
    """An undated entry header: a short line after a list (or at the top) and before one."""

    def starts(index: int) -> bool:
        item = items[index]
        if not _header_like(item) or item.dates is not None:
            return False
        if item.heading:
            return True
        opens = index == 0 or items[index - 1].bullet
        following = items[index + 1 : index + 3]
        return opens and any(f.bullet for f in following)

    return starts


def _body(items: list[_Item], indices: list[int]) -> tuple[list[str], list[str], list[str]]:
    """A body's summary lines, its highlights, and its "Tech: …" keywords."""
    summary: list[str] = []
    highlights: list[str] = []
    keywords: list[str] = []
    seen_bullet = False
    for index in indices:
        item = items[index]
        text = squash(item.text) if not item.bullet else " ".join(item.text.split())
        if not text:
            continue
        if match := _KEYWORDS_LINE.match(text):
            keywords += split_commas_outside_brackets(match.group(1))
            continue
        if _LABEL_ONLY.match(text):
            continue
        if item.bullet:
            highlights.append(text)
            seen_bullet = True
        elif seen_bullet and highlights and not ends_sentence(highlights[-1]):
            highlights[-1] = f"{highlights[-1]} {text}"
        elif seen_bullet:
            highlights.append(text)
        else:
            summary.append(text)
    if not seen_bullet and summary:
        paragraphs = [""]
        for text in summary:
            paragraphs[-1] = f"{paragraphs[-1]} {text}".strip()
            if ends_sentence(text):
                paragraphs.append("")
        paragraphs = [p for p in paragraphs if p]
        if len(paragraphs) > 1:
            return [], paragraphs, keywords
        return paragraphs, [], keywords
    return summary, highlights, keywords


def _header_parts(
    items: list[_Item], entry: _Entry
) -> tuple[list[str], list[str], DateRange | None]:
    parts: list[str] = []
    places: list[str] = []
    dates: DateRange | None = None
    for index in entry.header:
        item = items[index]
        dates = dates or item.dates
        found, place = _parts(_undated_text(item))
        parts += found
        places += place
    return parts, places, dates


def _add_dates(record: dict[str, Any], dates: DateRange | None) -> None:
    if dates is None:
        return
    if dates.start:
        record["startDate"] = dates.start
    if dates.end:
        record["endDate"] = dates.end


def _describe(record: dict[str, Any], *keys: str) -> str:
    return " / ".join(str(record[k]) for k in keys if record.get(k)) or "an entry"


def _title_and_company(parts: list[str]) -> tuple[str | None, str | None, list[str]]:
    """(title, company, doubts): the part that reads most like a role is the title."""
    if len(parts) == 1:
        return (parts[0], None, []) if role_score(parts[0]) > 0 else (None, parts[0], [])

    def leaning(part: str) -> float:
        return role_score(part) - company_score(part)

    ranked = sorted(parts, key=leaning, reverse=True)
    title, company = ranked[0], ranked[-1]
    doubts = [f"'{part}' in the header of '{title}' was not imported" for part in ranked[1:-1]]
    if leaning(title) == leaning(company):
        title, company = parts[0], parts[1]
        doubts.append(
            f"could not tell title from employer in '{title}' / '{company}'; "
            "took the first as the title"
        )
    return title, company, doubts


def parse_work(lines: list[Line]) -> tuple[list[dict[str, Any]], list[str]]:
    """Work entries: employer (``name``), ``position``, dates, summary and highlights."""
    items = _items(lines, single_dates=True)
    entries = _segment(items, 2, _starts_after_bullets(items))
    work: list[dict[str, Any]] = []
    warnings: list[str] = []
    for entry in entries:
        parts, places, dates = _header_parts(items, entry)
        if len(parts) == 1 and (split := split_at(parts[0]) or split_commas(parts[0])):
            parts = split if len(split) > 1 else parts
        title, company, doubts = _title_and_company(parts) if parts else (None, None, [])
        warnings += doubts
        record: dict[str, Any] = {}
        follows_a_list = entry.header[0] > 0 and items[entry.header[0] - 1].bullet
        if company is None and title is not None and work and follows_a_list:
            company = work[-1]["name"]
            warnings.append(f"'{title}': no employer named; took '{company}' from the role above")
        record["name"] = company or ""
        if title:
            record["position"] = title
        if places:
            record["location"] = places[0]
        _add_dates(record, dates)
        summary, highlights, keywords = _body(items, entry.body)
        if summary:
            record["summary"] = " ".join(summary)
        if keywords:
            highlights.append(f"Technologies: {', '.join(keywords)}")
        if highlights:
            record["highlights"] = highlights
        label = _describe(record, "position", "name")
        if not company:
            warnings.append(f"work entry '{label}': no employer found; fill in work[].name")
        if not title:
            warnings.append(f"work entry '{label}': no job title found")
        if dates is None:
            warnings.append(f"work entry '{label}': no dates found")
        elif dates.start == dates.end:
            warnings.append(f"work entry '{label}': one date only; used as start and end")
        work.append(record)
    orphans = _orphans(items, entries)
    if orphans:
        warnings.append(f"lines in the experience section not imported: {orphans}")
    return work, warnings


def _orphans(items: list[_Item], entries: list[_Entry]) -> str:
    first = entries[0].header[0] if entries else len(items)
    return "; ".join(f"'{item.text}'" for item in items[:first])


def _degree(text: str) -> tuple[str | None, str | None]:
    """The degree and its subject: "BS in Physics" → ("BS", "Physics")."""
    match = _DEGREE.search(text)
    if match is None:
        return None, None
    degree = match.group(0).strip()
    before, after = text[: match.start()], text[match.end() :]
    area = squash(re.sub(r"^\s*(?:\)|,|in\b|of\b|:)+", "", after.strip(), flags=re.I))
    area = squash(re.sub(r"\($", "", area))
    if not area:
        area = squash(re.sub(r"\(\s*$", "", before))
    return degree, area or None


def parse_education(lines: list[Line]) -> tuple[list[dict[str, Any]], list[str]]:
    """Education entries: ``institution``, ``studyType`` (the degree), ``area``, dates."""
    items = _items(lines, single_dates=True)

    def starts(index: int) -> bool:
        item = items[index]
        return not item.bullet and item.dates is None and is_institution(item.text)

    entries = _segment(items, 2, starts)
    education: list[dict[str, Any]] = []
    warnings: list[str] = []
    for entry in entries:
        parts, places, dates = _header_parts(items, entry)
        if len(parts) == 1 and (_DEGREE.search(parts[0]) is None) != is_institution(parts[0]):
            parts = split_commas(parts[0])
        record: dict[str, Any] = {}
        institution = next((p for p in parts if is_institution(p)), None)
        for part in parts:
            if part == institution:
                continue
            score = _SCORE.search(part)
            if score:
                record["score"] = score.group(1).replace(" ", "")
                part = squash(part[: score.start()] + part[score.end() :])
            degree, area = _degree(part)
            if degree and "studyType" not in record:
                record["studyType"] = degree
                if area:
                    record["area"] = area
            elif institution is None and part:
                institution = part
            elif part and "area" not in record and "studyType" in record:
                record["area"] = part
        record = {"institution": institution or "", **record}
        if places:
            record["location"] = places[0]
        if dates is not None and dates.start == dates.end and dates.end:
            record["endDate"] = dates.end
        else:
            _add_dates(record, dates)
        for index in entry.body:
            text = items[index].text
            if match := _COURSES_LINE.match(text):
                record["courses"] = split_commas_outside_brackets(match.group(1))
            elif score := _SCORE.search(text):
                record.setdefault("score", score.group(1).replace(" ", ""))
            else:
                warnings.append(
                    f"education '{_describe(record, 'institution')}': not imported: '{text}'"
                )
        label = _describe(record, "institution", "studyType")
        if not institution:
            warnings.append(
                f"education entry '{label}': no school found; fill in education[].institution"
            )
        if "studyType" not in record:
            warnings.append(f"education entry '{label}': no degree found")
        education.append(record)
    orphans = _orphans(items, entries)
    if orphans:
        warnings.append(f"lines in the education section not imported: {orphans}")
    return education, warnings


def _bare_list(text: str) -> list[str] | None:
    """ "Python, PostgreSQL, Redis" under a project: its keywords, written without a label."""
    items = split_commas_outside_brackets(text)
    if len(items) < 2 or ends_sentence(text) or ":" in text:
        return None
    if any(len(i.split()) > 3 for i in items):
        return None
    return items


def _project_starts(items: list[_Item]) -> Callable[[int], bool]:
    def starts(index: int) -> bool:
        item = items[index]
        if item.bullet or _KEYWORDS_LINE.match(item.text):
            return False
        if index and not item.heading and _bare_list(item.text):
            return False
        if index == 0 or item.heading:
            return True
        previous = items[index - 1]
        if previous.bullet and item.text[:1].islower() and not ends_sentence(previous.text):
            return False
        if previous.bullet or _KEYWORDS_LINE.match(previous.text):
            return True
        named = len(split_strong(take_urls(item.text)[1])) > 1
        return named and len(split_strong(take_urls(previous.text)[1])) > 1

    return starts


def parse_projects(lines: list[Line]) -> tuple[list[dict[str, Any]], list[str]]:
    """Projects: a name (with a link or a description after it), bullets and keywords."""
    items = _items(lines, single_dates=False)
    entries = _segment(items, 1, _project_starts(items))
    projects: list[dict[str, Any]] = []
    warnings: list[str] = []
    for entry in entries:
        urls: list[str] = []
        for place, index in enumerate(entry.body):
            if items[index].bullet:
                continue
            found, rest = take_urls(items[index].text)
            urls += found
            listed = place > 0 and _bare_list(rest)
            items[index] = _Item(f"Keywords: {rest}" if listed else squash(rest), False, 0, None)
        first = items[entry.header[0]]
        header_urls, text = take_urls(_undated_text(first))
        urls = header_urls + urls
        parts = split_strong(text)
        record: dict[str, Any] = {"name": squash(parts[0]) if parts else ""}
        keywords_in_header: list[str] = []
        description: list[str] = []
        for part in parts[1:]:
            listed = _bare_list(part)
            if listed:
                keywords_in_header += listed
            else:
                description.append(part)
        for index in entry.header[1:]:
            more_urls, more = take_urls(_undated_text(items[index]))
            urls += more_urls
            description.append(squash(more))
        summary, highlights, keywords = _body(items, entry.body)
        keywords = keywords_in_header + keywords
        description += summary
        if description and any(description):
            record["description"] = " ".join(d for d in description if d)
        if highlights:
            record["highlights"] = highlights
        if keywords:
            record["keywords"] = keywords
        _add_dates(record, next((items[i].dates for i in entry.header if items[i].dates), None))
        if urls:
            record["url"] = urls[0]
        if not record["name"]:
            warnings.append("a project without a name was skipped")
            continue
        projects.append(record)
    return projects, warnings
