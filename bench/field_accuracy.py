"""Field accuracy: what the engine sent, field by field, against labels written by hand.

    .venv/bin/python bench/field_accuracy.py [--platforms greenhouse lever ...] [--postings 4]

For each platform, the sample candidate (resumes/samples/candidate.json, plus the consents and
"worked here before?" answers of tests/forms/answered.py that only a person can give) applies
to several sandbox postings through the same path as ``ajob apply --submit`` (bench/apply.py's
batches), and the submission the sandbox recorded is compared with ``bench/labels/<platform>
.json``. A label says, for every field the form asks, what the candidate's answer is, written
from the candidate file by hand (never from what the engine produced), and why. Which fields
exist, their posted names, whether each is required and the values options post come from the
sandbox's own definition of the form, so a label names a field as a person reads it:

- ``"name"``: the field's posted name where it is fixed (``first_name``, ``eeo[gender]``);
- ``"label"``: the question's text, where the name varies by posting (Greenhouse's
  ``question_<id>``);
- ``"screening"``: the key of one of the screening questions the Lever, Ashby, SmartRecruiters
  and Workday replicas ask (``authorized``, ``sponsorship``, ``heard``, ``why``, ``skills``),
  whose text names the posting's company or country.

and ``"expect"`` is one of: the text typed or the option chosen (by its visible text); a list
of options (a multi-select); ``null`` (nothing: the field is left empty); ``{"file":
"resume"}`` (the resume given, by SHA-256); ``{"any": [...]}`` (free text that may be
written more than one right way); ``{"by_country": {"the United States": "Yes", "*":
"No"}}`` (by the country the screening question names); ``{"rule": "listed skills"}`` (the
options the candidate lists among ``skills``). Every field of the form must be labelled, and
every option named must be one of the field's options, or the label file is refused.

Prints, per platform, required fields correct / total and all fields correct / total, then
every mismatch (posting, field, expected, sent, and the engine's source for it). The target is
100% of required fields.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.apply import FORMS, MEMBER, Batch, member_sessions, run_batch, settings_for
from forms.model import ApplyReport
from resumes.candidate import Candidate
from sandbox.applications import ashby, lever, smartrecruiters, workday_steps
from sandbox.applications import greenhouse as greenhouse_form
from sandbox.applications import indeed as indeed_apply
from sandbox.applications import linkedin as linkedin_apply
from sandbox.applications.greenhouse_legacy import _custom_index, posted_names
from sandbox.applications.log import Submission
from sandbox.applications.questions import Question
from sandbox.applications.screening import country_name, screening_questions
from sandbox.catalogue import Posting
from tests.forms.answered import RESUME, answered_candidate

LABELS = Path(__file__).resolve().with_name("labels")
_SKILL_ASKED = re.compile(
    r"years of (?:work experience do you have with )?(.+?)(?: experience.*)?\?$"
)
"""The skill a years question names (LinkedIn's and Indeed's wordings)."""
LABELLED = [name for name in FORMS if (LABELS / f"{name}.json").is_file()]
"""The forms a label file exists for (every form of bench/apply.py has one today)."""
RESUME_SHA = hashlib.sha256(RESUME).hexdigest()


class LabelError(ValueError):
    """A label file that does not fit the form it labels."""


@dataclass(frozen=True)
class Expected:
    """One field of one posting's form, and what the candidate's answer posts."""

    name: str
    """As posted."""
    label: str
    required: bool
    values: tuple[tuple[str, ...], ...]
    """Each acceptable answer as the sorted values it posts; ``()`` posts nothing."""
    file: str | None = None
    """The SHA-256 of the file that must be posted, for an upload."""
    why: str = ""


@dataclass(frozen=True)
class Mismatch:
    posting: str
    field: Expected
    sent: tuple[str, ...]


def questions(platform: str, posting: Posting) -> list[Question]:
    """Every field of the posting's form as the sandbox defines it, named as posted."""
    match platform:
        case "greenhouse":
            asked = greenhouse_form.form_fields(posting)
            return [*map(_posted, asked), greenhouse_form.COUNTRY, *_alternatives(asked)]
        case "greenhouse_legacy":
            asked = greenhouse_form.form_fields(posting)
            index = _custom_index(asked)
            legacy = []
            for q in asked:
                name, typed = posted_names(q, index.get(q.name))
                legacy.append(replace(q, name=name))
                if typed:
                    legacy.append(_typed(q, typed))
            return legacy
        case "lever":
            return lever.form_fields(posting)
        case "ashby":
            return [f.question for f in ashby.form_fields(posting)]
        case "smartrecruiters":
            return smartrecruiters.form_fields(posting)
        case "workday":
            return [f.question for s in workday_steps.steps(posting) for f in s.fields]
        case "linkedin":
            return [e.question for _, step in linkedin_apply.steps(posting, MEMBER) for e in step]
        case "indeed":
            return [q for step in indeed_apply.steps(posting) for q in step.questions]
    raise LabelError(f"no form definition for {platform!r}")


def _posted(q: Question) -> Question:
    return replace(q, name=q.posted_name)


def _typed(q: Question, name: str) -> Question:
    return Question(name, f"{q.label} (typed instead)", "textarea", False)


def _alternatives(asked: Sequence[Question]) -> list[Question]:
    return [_typed(q, q.text_alternative) for q in asked if q.text_alternative]


def load_labels(platform: str, folder: Path = LABELS) -> list[dict[str, Any]]:
    data = json.loads((folder / f"{platform}.json").read_text(encoding="utf-8"))
    if data.get("platform") != platform:
        raise LabelError(f"{platform}.json labels {data.get('platform')!r}")
    entries: list[dict[str, Any]] = data["fields"]
    return entries


def _find(entry: dict[str, Any], asked: Sequence[Question], posting: Posting) -> Question:
    if "name" in entry:
        found = [q for q in asked if q.name == entry["name"]]
    elif "label" in entry:
        found = [q for q in asked if q.label == entry["label"]]
    elif "label_starts" in entry:
        found = [q for q in asked if q.label.startswith(entry["label_starts"])]
    elif "screening" in entry:
        texts = {s.key: s.text for s in screening_questions(posting)}
        if entry["screening"] not in texts:
            raise LabelError(f"no screening question {entry['screening']!r}")
        found = [q for q in asked if q.label == texts[entry["screening"]]]
    else:
        raise LabelError(f"a label names no field: {entry}")
    if len(found) != 1:
        raise LabelError(f"{len(found)} fields fit {entry} on posting {posting.external_id}")
    return found[0]


def _posts(q: Question, answer: str) -> str:
    """The value an answer posts: an option's value (chosen by its text), or the text itself."""
    if not q.options:
        return answer
    for option in q.options:
        if answer == option.label:
            return option.value
    raise LabelError(f"{answer!r} is not an option of {q.label!r}")


def _answers(expect: Any, q: Question, posting: Posting, candidate: Candidate) -> list[Any]:
    """The acceptable answers a label's ``expect`` gives for this posting (None: left empty)."""
    if isinstance(expect, dict) and "any" in expect:
        return list(expect["any"])
    if isinstance(expect, dict) and "by_country" in expect:
        table = expect["by_country"]
        return [table.get(country_name(posting.job), table["*"])]
    if isinstance(expect, dict) and "by_skill" in expect:
        named = _SKILL_ASKED.search(q.label)
        table = expect["by_skill"]
        return [table.get(named.group(1) if named else "", table["*"])]
    if isinstance(expect, dict) and expect.get("rule") == "listed skills":
        listed = {k.lower() for s in candidate.skills for k in s.keywords}
        return [[o.label for o in q.options if o.label.lower() in listed]]
    if isinstance(expect, dict):
        raise LabelError(f"unknown expectation {expect}")
    return [expect]


def expectations(
    platform: str, posting: Posting, entries: list[dict[str, Any]], candidate: Candidate
) -> list[Expected]:
    """What each field of the posting's form must carry, from the labels; refuses a label
    file that leaves a field of the form unlabelled or names something the form lacks."""
    asked = questions(platform, posting)
    expected, seen = [], set()
    for entry in entries:
        q = _find(entry, asked, posting)
        if q.name in seen:
            raise LabelError(f"{q.name} is labelled twice")
        seen.add(q.name)
        why = str(entry.get("why", ""))
        if isinstance(entry["expect"], dict) and "file" in entry["expect"]:
            expected.append(Expected(q.name, q.label, q.required, ((),), RESUME_SHA, why))
            continue
        values = []
        for answer in _answers(entry["expect"], q, posting, candidate):
            chosen = [] if answer is None else [answer] if isinstance(answer, str) else answer
            values.append(tuple(sorted(_posts(q, a) for a in chosen)))
        expected.append(Expected(q.name, q.label, q.required, tuple(values), None, why))
    missing = [q.name for q in asked if q.name not in seen]
    if missing:
        raise LabelError(f"{platform}: unlabelled fields {missing}")
    return expected


def compare(expected: list[Expected], sent: Submission | None, posting: str) -> list[Mismatch]:
    """The fields of one submission that differ from their labels (all of them if none)."""
    wrong = []
    for field in expected:
        if sent is None:
            wrong.append(Mismatch(posting, field, ("<nothing was submitted>",)))
            continue
        if field.file is not None:
            got = sent.file(field.name)
            if got is None or got.sha256 != field.file:
                wrong.append(Mismatch(posting, field, (got.filename if got else "<no file>",)))
            continue
        posted = tuple(sorted(v for v in sent.fields.get(field.name, ()) if v != ""))
        if posted not in field.values:
            wrong.append(Mismatch(posting, field, posted))
    return wrong


@dataclass
class Score:
    required: int = 0
    required_right: int = 0
    every: int = 0
    every_right: int = 0

    def add(self, expected: list[Expected], wrong: list[Mismatch]) -> None:
        bad = {m.field.name for m in wrong}
        self.every += len(expected)
        self.every_right += sum(1 for e in expected if e.name not in bad)
        self.required += sum(1 for e in expected if e.required)
        self.required_right += sum(1 for e in expected if e.required and e.name not in bad)


def score_batch(
    platform: str, batch: Batch, candidate: Candidate
) -> tuple[Score, list[Mismatch], dict[str, ApplyReport]]:
    entries = load_labels(platform)
    score, wrong, reports = Score(), [], {}
    for posting, report in batch.results:
        expected = expectations(platform, posting, entries, candidate)
        sent = next((s for s in batch.sent if s.external_id == posting.external_id), None)
        found = compare(expected, sent, posting.external_id)
        score.add(expected, found)
        wrong += found
        reports[posting.external_id] = report
    return score, wrong, reports


def _shown(values: Sequence[str]) -> str:
    text = " | ".join(values) if values else "(empty)"
    return text if len(text) <= 70 else text[:67] + "..."


def _source(report: ApplyReport | None, field: Expected) -> str:
    """The engine's own account of a field (its report keys some fields by id, not name)."""
    if report is None:
        return ""
    for f in report.fields:
        if f.name == field.name or f.label == field.label:
            return f"; engine: {f.value!r} from {f.source}" + (f" ({f.note})" if f.note else "")
    return "; engine: not in its report"


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--platforms", nargs="+", choices=LABELLED, default=LABELLED)
    parser.add_argument("--postings", type=int, default=4, help="per platform")
    args = parser.parse_args()
    from adapters.browser import BrowserPool
    from sandbox.server import serve_sandbox

    candidate = answered_candidate()
    total = Score()
    with serve_sandbox() as sandbox, tempfile.TemporaryDirectory() as folder:
        browsing = settings_for("workday", member_sessions(Path(folder)))
        async with BrowserPool(browsing, concurrency=1) as pool:
            for platform in args.platforms:
                batch = await run_batch(sandbox, pool, 1, platform, args.postings, 0)
                score, wrong, reports = score_batch(platform, batch, candidate)
                for key in ("required", "required_right", "every", "every_right"):
                    setattr(total, key, getattr(total, key) + getattr(score, key))
                print(
                    f"{platform:<18} {len(batch.results)} postings: required "
                    f"{score.required_right}/{score.required}, all fields "
                    f"{score.every_right}/{score.every}"
                )
                for m in wrong:
                    mark = "REQUIRED " if m.field.required else ""
                    wanted = (
                        " or ".join(map(_shown, m.field.values))
                        if m.field.file is None
                        else "the resume"
                    )
                    print(
                        f"  {mark}{m.posting} {m.field.label!r} ({m.field.name}): expected "
                        f"{wanted}, sent {_shown(m.sent)}{_source(reports.get(m.posting), m.field)}"
                    )
    pct = 100 * total.required_right / max(total.required, 1)
    print(
        f"all platforms: required {total.required_right}/{total.required} ({pct:.1f}%), "
        f"all fields {total.every_right}/{total.every} "
        f"({100 * total.every_right / max(total.every, 1):.1f}%): "
        + ("meets" if total.required_right == total.required else "MISSES")
        + " the target (100% of required fields)"
    )


if __name__ == "__main__":
    asyncio.run(main())
