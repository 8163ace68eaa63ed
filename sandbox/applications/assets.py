"""The forms' scripts and styles, inlined into the pages that use them.

Inline rather than served from a route: a form page is then one request, whose scripts cannot
fail to load or be faulted separately, and nothing is fetched from a CDN (the sandbox must work
offline). The styles only do what fillers depend on: hidden things hidden, the menu on top.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Final

STATIC: Final = Path(__file__).parent / "static"

FORM_CSS: Final = """<style>
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(1px,1px,1px,1px);
white-space:nowrap}
.application{max-width:720px;margin:2rem auto;font-family:sans-serif}
.field-wrapper{margin:1rem 0}.label{display:block;font-weight:600;margin-bottom:.25rem}
.input{width:100%;box-sizing:border-box;padding:.4rem}
.helper-text--error{color:#b00020;margin:.25rem 0}
.field-wrapper--error .input,.field-wrapper--error .select__control{border-color:#b00020}
.select-shell{position:relative}
.select__control{display:flex;align-items:center;border:1px solid #ccc;border-radius:4px;
min-height:38px;cursor:default}
.select__control--is-focused{border-color:#709ce2}
.select__value-container{display:flex;flex:1;flex-wrap:wrap;align-items:center;padding:2px 8px;
gap:4px}
.select__input{border:0;outline:0;min-width:2px;flex:1;font:inherit}
.select__placeholder{color:#808080}
.select__multi-value{display:flex;background:#eee;border-radius:2px}
.select__multi-value__remove{padding:0 4px;cursor:pointer}
.select__menu{position:absolute;top:100%;left:0;right:0;z-index:10;background:#fff;
border:1px solid #ccc;box-shadow:0 4px 11px rgba(0,0,0,.1)}
.select__menu-list{max-height:300px;overflow-y:auto}
.select__option{padding:8px 12px}.select__option--is-focused{background:#d5e2f6}
.select__option--is-selected{background:#c4d6f3}
.select__menu-notice{padding:8px 12px;color:#999}
[hidden]{display:none!important}
</style>
"""


@cache
def inline_script(name: str) -> str:
    """``static/<name>`` as a ``<script>`` element."""
    code = (STATIC / name).read_text(encoding="utf-8")
    if "</script" in code.lower():
        raise ValueError(f"{name} cannot be inlined: it contains </script")
    return f"<script>\n{code}</script>"
