"""Recognising the fields of a form nobody has seen before, with the model's help.

The generic rules (forms/mapping.py: name, label, aria-label and autocomplete words) know the
usual ways to ask for a name or an email; an unfamiliar form may ask "Given name", "Surname" or
"Where can we reach you?". When a model is configured, the fields still unanswered go to it in
one call, and it may only say which of the candidate's contact facts (forms/facts.py) each one
asks for. The value is then read from the candidate file, so the model can place a fact but
never write one, and page text can never make it produce anything else. Choices are answered
only with an option that is the fact itself.
"""

from __future__ import annotations

from pydantic import BaseModel

from forms.facts import Fact, candidate_facts
from forms.mapping import option_for
from forms.model import NEEDS_HUMAN, FormField
from llm.client import LlmError
from resumes.answers import Answerer

_ASKABLE = ("text", "email", "tel", "url", "select", "combobox")


class _Identified(BaseModel):
    id: int
    fact: Fact | None


class FieldFacts(BaseModel):
    fields: list[_Identified]


def _described(field: FormField) -> str:
    options = f" (choices: {', '.join(field.options[:8])})" if field.options else ""
    return f"{field.label!r}, a {field.type} field named {field.name!r}{options}"


async def identify_fields(fields: list[FormField], answerer: Answerer) -> list[FormField]:
    """``fields`` with the contact facts the model recognised filled in, from the candidate."""
    llm = answerer.tailor.llm
    unknown = [
        i
        for i, f in enumerate(fields)
        if llm is not None
        and f.value is None
        and f.type in _ASKABLE
        and f.source in (None, NEEDS_HUMAN)
        and f.label.strip()
    ]
    if llm is None or not unknown:
        return fields
    request = answerer.tailor.request(
        "form_field_facts", {"fields": [_described(fields[i]) for i in unknown]}
    )
    try:
        reply = await llm.structured(request, FieldFacts)
    except LlmError:
        return fields
    facts = candidate_facts(answerer.candidate)
    found = list(fields)
    for item in reply.fields:
        if item.fact is None or not 0 <= item.id < len(unknown):
            continue
        index = unknown[item.id]
        value, source = facts[item.fact]
        field = found[index]
        if value and field.options:
            value = option_for(field.options, value)
        if value:
            found[index] = field.model_copy(
                update={
                    "value": value,
                    "source": f"{source} (the model read the field as {item.fact})",
                    "note": None,
                }
            )
    return found
