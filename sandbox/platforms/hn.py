"""Hacker News through the Algolia HN Search API (hn.algolia.com/api/v1), and item pages.

``tags`` works as on Algolia (comma = AND, parentheses = OR, e.g. ``comment,story_123``),
``query`` keeps hits containing every word, ``numericFilters`` understands ``created_at_i``
comparisons, and ``page``/``hitsPerPage`` paginate (0-based pages, at most 1000 per page).
``search_by_date`` sorts newest first; ``search`` keeps thread order (oldest first).

Job comments open with a "Company | Title | Location | ..." line whose fields vary in order
and presence, then paragraphs; text is escaped as HN does (&#x27; and &#x2F; included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.catalogue import Catalogue, HnComment, HnStory, Posting
from sandbox.dates import epoch_s, iso_z
from sandbox.links import job_url
from sandbox.state import CatalogueDep
from sandbox.text import hn_escape, html_to_text, matches_words

router = APIRouter()

MAX_HITS_PER_PAGE = 1000
EMPLOYMENT = {
    "full_time": ("Full-time", "Full time", "FULL-TIME"),
    "part_time": ("Part-time", "Part time", "PART-TIME"),
    "contract": ("Contract", "Contractor", "CONTRACT"),
    "intern": ("Internship", "Intern", "INTERN"),
}
REMOTE_WORDS = {"US": "Remote (US)", "EU": "REMOTE (Europe)", None: "REMOTE"}
_NUMERIC = re.compile(r"^\s*created_at_i\s*(>=|<=|>|<|=)\s*(\d+)\s*$")


@dataclass(frozen=True)
class Hit:
    tags: frozenset[str]
    created_at: datetime
    text: str
    data: dict[str, Any]


def _link(url: str) -> str:
    escaped = hn_escape(url)
    return f'<a href="{escaped}" rel="nofollow">{escaped}</a>'


def comment_html(root: str, catalogue: Catalogue, posting: Posting) -> str:
    """A "Who is hiring?" comment for ``posting``, in one of six shapes real posts take."""
    job, variant = posting.job, posting.variant
    url = job_url(root, catalogue.ats_posting(job))
    company = posting.company_name + (" (YC S19)" if variant % 7 == 0 else "")
    kind = EMPLOYMENT[job.employment_type][variant % 3]
    where = REMOTE_WORDS[job.remote_region] if job.is_remote else job.location_label
    mode = "REMOTE" if job.is_remote else ("Hybrid" if job.workplace == "hybrid" else "Onsite")
    pay = [posting.salary_text] if posting.salary_text else []
    e = hn_escape
    match variant % 6:
        case 0:
            fields = [company, posting.title, where, *([] if job.is_remote else [mode]), kind, *pay]
            first = " | ".join(map(e, fields)) + " | " + _link(url)
        case 1:
            first = " | ".join(map(e, [company, where, posting.title, *pay])) + " | " + _link(url)
        case 2:
            fields = [company, posting.title, kind, where, *pay]
            first = " | ".join(map(e, fields)) + " | " + _link(url)
        case 3:
            first = " | ".join(map(e, [company, posting.title, where, kind, *pay]))
        case 4:
            pay_text = f" {pay[0]}." if pay else ""
            first = e(f"{company} is hiring a {posting.title} ({where}, {kind.lower()}).{pay_text}")
        case _:
            fields = [company, f"{posting.title}, {where}", kind, *pay]
            first = " | ".join(map(e, fields)) + " | " + _link(url)
    text = job.description
    paragraphs = [
        e(text.about_company),
        e(text.about_role),
        e("Stack: " + ", ".join((*job.skills, *job.nice_skills))),
    ]
    if variant % 6 in (3, 4):
        paragraphs.append("Apply: " + _link(url))
    return first + "<p>" + "<p>".join(paragraphs)


def _story_hit(story: HnStory, comments: int) -> Hit:
    tags = frozenset({"story", "author_whoishiring", f"story_{story.object_id}", "ask_hn"})
    data = {
        "_tags": sorted(tags),
        "author": "whoishiring",
        "children": [],
        "created_at": iso_z(story.created_at),
        "created_at_i": epoch_s(story.created_at),
        "num_comments": comments,
        "objectID": str(story.object_id),
        "points": 400 + story.object_id % 300,
        "story_id": story.object_id,
        "title": story.title,
        "updated_at": iso_z(story.created_at),
        "url": None,
    }
    return Hit(tags, story.created_at, story.title, data)


def _comment_hit(
    root: str, catalogue: Catalogue, comment: HnComment, stories: dict[int, HnStory]
) -> Hit:
    text = comment.text_html
    if comment.posting is not None:
        text = comment_html(root, catalogue, comment.posting)
    tags = frozenset({"comment", f"author_{comment.author}", f"story_{comment.story_id}"})
    data = {
        "_tags": sorted(tags),
        "author": comment.author,
        "comment_text": text,
        "created_at": iso_z(comment.created_at),
        "created_at_i": epoch_s(comment.created_at),
        "objectID": str(comment.object_id),
        "parent_id": comment.parent_id,
        "story_id": comment.story_id,
        "story_title": stories[comment.story_id].title,
        "story_url": None,
        "updated_at": iso_z(comment.created_at),
    }
    return Hit(tags, comment.created_at, html_to_text(text), data)


def _hits(root: str, catalogue: Catalogue) -> list[Hit]:
    stories = {s.object_id: s for s in catalogue.hn_stories}
    counts = {s.object_id: 0 for s in catalogue.hn_stories}
    for comment in catalogue.hn_comments:
        counts[comment.story_id] += 1
    hits = [_story_hit(s, counts[s.object_id]) for s in catalogue.hn_stories]
    hits += [_comment_hit(root, catalogue, c, stories) for c in catalogue.hn_comments]
    return hits


def _tag_groups(tags: str | None) -> list[set[str]]:
    """Algolia tag filters: "story,(author_a,author_b)" -> [{"story"}, {"author_a", "author_b"}]."""
    groups: list[set[str]] = []
    for part in re.findall(r"\([^)]*\)|[^,]+", tags or ""):
        names = {t.strip() for t in part.strip("()").split(",") if t.strip()}
        if names:
            groups.append(names)
    return groups


def _numeric_ok(hit: Hit, filters: str | None) -> bool:
    for raw in (filters or "").split(","):
        match = _NUMERIC.match(raw)
        if not match:
            continue
        op, value, have = match.group(1), int(match.group(2)), hit.data["created_at_i"]
        ok = {
            ">": have > value,
            ">=": have >= value,
            "<": have < value,
            "<=": have <= value,
            "=": have == value,
        }[op]
        if not ok:
            return False
    return True


def _search(
    request: Request,
    catalogue: Catalogue,
    *,
    by_date: bool,
    query: str | None,
    tags: str | None,
    numeric_filters: str | None,
    page: int,
    hits_per_page: int,
) -> Response:
    groups = _tag_groups(tags)
    hits = [
        h
        for h in _hits(render.root_url(request), catalogue)
        if all(h.tags & group for group in groups)
        and matches_words(h.text, query)
        and _numeric_ok(h, numeric_filters)
    ]
    if by_date:
        hits.sort(key=lambda h: h.created_at, reverse=True)
    per_page = min(max(hits_per_page, 1), MAX_HITS_PER_PAGE)
    page = max(page, 0)
    shown = render.window(hits, page * per_page, per_page)
    return render.json_response(
        {
            "exhaustiveNbHits": True,
            "exhaustiveTypo": True,
            "hits": [h.data for h in shown],
            "hitsPerPage": per_page,
            "nbHits": len(hits),
            "nbPages": render.page_count(len(hits), per_page),
            "page": page,
            "params": str(request.url.query),
            "processingTimeMS": 1,
            "query": query or "",
        }
    )


@router.get("/api/v1/search_by_date")
@router.get("/api/v1/search")
def search(
    request: Request,
    catalogue: CatalogueDep,
    query: str | None = None,
    tags: str | None = None,
    numeric_filters: Annotated[str | None, Query(alias="numericFilters")] = None,
    page: int = 0,
    hits_per_page: Annotated[int, Query(alias="hitsPerPage")] = 20,
) -> Response:
    """Algolia's two search endpoints: by relevance, or newest first (``search_by_date``)."""
    return _search(
        request,
        catalogue,
        by_date=request.url.path.endswith("/search_by_date"),
        query=query,
        tags=tags,
        numeric_filters=numeric_filters,
        page=page,
        hits_per_page=hits_per_page,
    )


@router.get("/api/v1/items/{item_id}")
def item(item_id: int, request: Request, catalogue: CatalogueDep) -> Response:
    """An item with its direct children, as Algolia's items endpoint nests them."""
    hits = _hits(render.root_url(request), catalogue)
    found = next((h for h in hits if h.data["objectID"] == str(item_id)), None)
    if found is None:
        return render.json_response({"status": 404, "error": "Not Found"}, 404)
    children = [h.data for h in hits if h.data.get("parent_id") == item_id]
    data = {
        "id": item_id,
        "created_at": found.data["created_at"],
        "created_at_i": found.data["created_at_i"],
        "type": "story" if "story" in found.tags else "comment",
        "author": found.data["author"],
        "title": found.data.get("title"),
        "text": found.data.get("comment_text"),
        "parent_id": found.data.get("parent_id"),
        "story_id": found.data["story_id"],
        "children": children,
    }
    return render.json_response(data)


@router.get("/item")
def item_page(
    item_id: Annotated[int, Query(alias="id")], request: Request, catalogue: CatalogueDep
) -> Response:
    comment = next((c for c in catalogue.hn_comments if c.object_id == item_id), None)
    if comment is None:
        return render.not_found_page("Item")
    text = comment.text_html
    if comment.posting is not None:
        text = comment_html(render.root_url(request), catalogue, comment.posting)
    body = (
        f'<table class="comment-tree"><tr class="athing comtr" id="{comment.object_id}"><td>'
        f'<span class="hnuser">{render.text(comment.author)}</span>'
        f'<div class="commtext c00">{text}</div></td></tr></table>'
    )
    return render.html_response(render.document("Hacker News", body))
