"""The markup of Greenhouse's job-boards form controls, server-rendered with their state.

Each control sits in a ``div.field-wrapper[data-field=NAME]`` that says what the page's script
(and a filler) needs: ``data-kind``, ``data-required``. The control's id is the field's name,
its ``<label for>`` holds the question text with a ``*`` marker, and an error is a
``#NAME-error.helper-text--error`` element inside the wrapper with ``aria-invalid="true"`` on
the control. Dropdowns are react-select's markup (``combobox.js`` brings them to life): the
visible ``input[role=combobox]`` has no name; hidden inputs carry the chosen values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sandbox.applications.questions import Option, Question
from sandbox.render import json_script, text

REQUIRED_MARK = '<span aria-hidden="true">*</span>'
AUTOCOMPLETE = {"first_name": "given-name", "last_name": "family-name", "email": "email"}


def flag(value: bool) -> str:
    """An ARIA/data boolean attribute's value."""
    return "true" if value else "false"


def error_element(name: str, message: str | None) -> str:
    if not message:
        return ""
    return (
        f'<p id="{text(name)}-error" class="helper-text helper-text--error" role="alert">'
        f"{text(message)}</p>"
    )


def _aria(question: Question, error: str | None) -> str:
    """The ARIA attributes of a text or file control; ``aria-label`` is the bare question text,
    without the ``*``, as on the real page."""
    name = text(question.name)
    return (
        f'aria-label="{text(question.label)}" '
        f'aria-describedby="{name}-description {name}-error" aria-errormessage="{name}-error" '
        f'aria-invalid="{flag(bool(error))}" '
        f'aria-required="{flag(question.required)}"'
    )


def _label(question: Question, css: str = "label") -> str:
    mark = REQUIRED_MARK if question.required else ""
    name = text(question.name)
    return (
        f'<label id="{name}-label" for="{name}" class="{css}">{text(question.label)}{mark}</label>'
    )


def _description(question: Question) -> str:
    if not question.description:
        return ""
    return (
        f'<div class="body body__secondary"><div id="{text(question.name)}-description" '
        f'class="question-description">{question.description}</div></div>'
    )


def wrapper(question: Question, inner: str, error: str | None) -> str:
    """The field's wrapper: control, description and error, with what the script reads."""
    classes = "field-wrapper field-wrapper--error" if error else "field-wrapper"
    return (
        f'<div class="{classes}" data-field="{text(question.name)}" '
        f'data-kind="{question.kind}" data-required="{flag(question.required)}">'
        f"{inner}{_description(question)}{error_element(question.name, error)}</div>"
    )


def text_input(question: Question, value: str, error: str | None) -> str:
    name = text(question.name)
    kind = "tel" if question.name == "phone" else "text"
    auto = AUTOCOMPLETE.get(question.name)
    autocomplete = f' autocomplete="{auto}"' if auto else ""
    if question.kind == "textarea":
        control = (
            f'<textarea id="{name}" name="{name}" class="input textarea" rows="4" '
            f"{_aria(question, error)}>{text(value)}</textarea>"
        )
    else:
        control = (
            f'<input id="{name}" name="{name}" class="input input__single-line" '
            f'{_aria(question, error)} type="{kind}" maxlength="255"{autocomplete} '
            f'value="{text(value)}">'
        )
    return (
        '<div class="text-input-wrapper"><div class="input-wrapper">'
        f"{_label(question)}{control}</div></div>"
    )


def file_upload(question: Question, manual_text: str, error: str | None) -> str:
    """Greenhouse's upload box: Attach (the file input) or Enter manually (a textarea)."""
    name = text(question.name)
    accept = ",".join(f".{t}" for t in question.filetypes)
    mark = '<span class="required">*</span>' if question.required else ""
    manual = ""
    if question.text_alternative:
        alt = text(question.text_alternative)
        manual = (
            '<div class="secondary-button"><button type="button" class="btn btn--pill" '
            f'data-testid="{alt}" data-manual="{alt}" data-label="{text(question.label)}">'
            "Enter manually</button>"
            f'<label class="visually-hidden" for="{alt}">Enter manually</label></div>'
        )
        manual_box = manual_text and (
            f'<textarea id="{alt}" name="{alt}" class="input textarea file-upload__text" '
            f'rows="6" aria-label="{text(question.label)}">{text(manual_text)}</textarea>'
        )
    else:
        manual_box = ""
    types = ", ".join(question.filetypes)
    return (
        f'<div role="group" aria-labelledby="upload-label-{name}" '
        f'aria-required="{flag(question.required)}" class="file-upload">'
        f'<label id="upload-label-{name}" for="{name}" class="label upload-label">'
        f"{text(question.label)}{mark}</label>"
        '<div class="file-upload__wrapper"><div class="button-container">'
        '<div class="secondary-button"><button type="button" class="btn btn--pill" '
        f'data-attach="{name}">Attach</button>'
        f'<label class="visually-hidden" for="{name}">Attach</label>'
        f'<input id="{name}" name="{name}" class="visually-hidden" type="file" '
        f'accept="{accept}" {_aria(question, error)}></div>{manual}'
        f'<p class="file-upload__filetypes">Accepted file types: {text(types)}</p></div>'
        f'<p class="file-upload__filename" data-filename="{name}" hidden></p>{manual_box}'
        "</div></div>"
    )


def _hidden_inputs(question: Question, chosen: Sequence[Option]) -> str:
    posted = text(question.posted_name)
    if question.kind == "multi_select":
        return "".join(
            f'<input type="hidden" name="{posted}" value="{text(o.value)}">' for o in chosen
        )
    value = chosen[0].value if chosen else ""
    return f'<input type="hidden" name="{posted}" value="{text(value)}">'


def _shown_values(question: Question, chosen: Sequence[Option]) -> str:
    if question.kind != "multi_select":
        return "".join(f'<div class="select__single-value">{text(o.label)}</div>' for o in chosen)
    return "".join(
        '<div class="select__multi-value">'
        f'<div class="select__multi-value__label">{text(o.label)}</div>'
        f'<div role="button" class="select__multi-value__remove" aria-label="Remove '
        f'{text(o.label)}" data-value="{text(o.value)}">&times;</div></div>'
        for o in chosen
    )


def combobox(question: Question, chosen: Sequence[Option], error: str | None) -> str:
    """A react-select: options come from the page's ``#select-options`` JSON, not the HTML."""
    name = text(question.name)
    multi = question.kind == "multi_select"
    placeholder = (
        ""
        if chosen
        else f'<div class="select__placeholder" id="react-select-{name}-placeholder">'
        "Select...</div>"
    )
    has_value = " select__value-container--has-value" if chosen else ""
    is_multi = " select__value-container--is-multi" if multi else ""
    label = _label(question, "label select__label")
    return (
        f'<div class="select"><div class="select__container">{label}'
        f'<div class="select-shell" data-select="{name}" data-multi="{flag(multi)}"'
        f' data-name="{text(question.posted_name)}">'
        '<div class="select__control">'
        f'<div class="select__value-container{is_multi}{has_value}">{placeholder}'
        f"{_shown_values(question, chosen)}"
        '<div class="select__input-container" data-value="">'
        '<input class="select__input" autocapitalize="none" autocomplete="off" autocorrect="off" '
        f'id="{name}" spellcheck="false" tabindex="0" type="text" aria-autocomplete="list" '
        f'aria-expanded="false" aria-haspopup="true" aria-controls="react-select-{name}-listbox" '
        f'aria-errormessage="{name}-error" aria-invalid="{flag(bool(error))}" '
        f'aria-labelledby="{name}-label" '
        f'aria-required="{flag(question.required)}" role="combobox" '
        f'aria-activedescendant="" aria-describedby="react-select-{name}-placeholder" value="">'
        "</div></div>"
        '<div class="select__indicators"><button type="button" class="icon-button '
        'icon-button--sm" aria-label="Toggle flyout" tabindex="-1">&#9662;</button></div>'
        f"</div>{_hidden_inputs(question, chosen)}</div></div></div>"
    )


def is_combobox(question: Question) -> bool:
    """Whether the question is drawn as a react-select (every choice but a checkbox group)."""
    return question.kind == "select" or (
        question.kind == "multi_select" and not question.checkboxes
    )


def combobox_options(questions: Iterable[Question]) -> str:
    """The ``script#select-options`` JSON from which ``combobox.js`` takes each menu's options."""
    data = {q.name: [{"label": o.label, "value": o.value} for o in q.options] for q in questions}
    return json_script(data, script_id="select-options")


def checkbox_group(question: Question, chosen: Sequence[Option], error: str | None) -> str:
    """A multi-select shown as checkboxes (``"multi_select_style": "checkbox"``)."""
    name = text(question.name)
    posted = text(question.posted_name)
    picked = {o.value for o in chosen}
    mark = REQUIRED_MARK if question.required else ""
    boxes = "".join(
        f'<div class="checkbox__wrapper"><input type="checkbox" class="checkbox__input" '
        f'id="{name}_{text(o.value)}" name="{posted}" value="{text(o.value)}"'
        f"{' checked' if o.value in picked else ''}>"
        f'<label for="{name}_{text(o.value)}" class="checkbox__label">{text(o.label)}</label></div>'
        for o in question.options
    )
    return (
        f'<fieldset id="{name}" class="checkbox" aria-describedby="{name}-error" '
        f'aria-invalid="{flag(bool(error))}" '
        f'aria-required="{flag(question.required)}">'
        f'<legend id="{name}-label" class="label">{text(question.label)}{mark}</legend>'
        f"{boxes}</fieldset>"
    )


def field(
    question: Question,
    posted: Mapping[str, Sequence[str]],
    error: str | None,
    *,
    shown_when: tuple[str, str] | None = None,
) -> str:
    """The whole field for ``question``, showing what was ``posted`` (after a refused POST).

    A conditional field (``shown_when``: a field name and the value that reveals it) is kept
    in a ``<template data-shown-when="name=value">``; the script puts a copy in the form while
    the condition holds and removes it otherwise, so a hidden question is neither in the DOM
    nor posted, as with React's conditional rendering.
    """
    values = [v for v in posted.get(question.posted_name, ()) if v]
    chosen = [o for o in question.options if o.value in values]
    match question.kind:
        case "text" | "textarea":
            inner = text_input(question, values[0] if values else "", error)
        case "file":
            alt = question.text_alternative
            manual = [v for v in posted.get(alt, ()) if v] if alt else []
            inner = file_upload(question, manual[0] if manual else "", error)
        case "multi_select" if question.checkboxes:
            inner = checkbox_group(question, chosen, error)
        case _:
            inner = combobox(question, chosen, error)
    live = wrapper(question, inner, error)
    if shown_when is None:
        return live
    key, value = shown_when
    template = (
        f'<template data-shown-when="{text(key)}={text(value)}">'
        f"{field(question, {}, None)}</template>"
    )
    return template + (live if value in posted.get(key, ()) else "")
