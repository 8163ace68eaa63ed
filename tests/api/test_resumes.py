"""Resumes over HTTP: upload (DOCX, PDF, Markdown, JSON), versions, read, rename, delete, and
every bad upload refused with one clear error."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import async_playwright

from adapters.browser import launch_chromium
from core.config import Settings
from resumes.candidate import sample_candidate_path
from tests.api.conftest import Account, Serve, sign_up
from tests.resumes.test_import import render_docx, render_html, render_markdown

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sample_candidate_path().read_text())
    return data


def _upload(
    http: httpx.Client,
    account: Account,
    data: bytes,
    *,
    filename: str | None,
    content_type: str = "application/octet-stream",
) -> httpx.Response:
    params = {"filename": filename} if filename else {}
    return http.post(
        "/api/resumes/upload",
        params=params,
        content=data,
        headers=account.headers | {"content-type": content_type},
    )


def test_upload_docx_markdown_and_json_as_master_versions(
    client: httpx.Client, tmp_path: Path
) -> None:
    me = sign_up(client)
    sample = _sample()
    docx = render_docx(sample, tmp_path / "priya.docx").read_bytes()
    first = _upload(client, me, docx, filename="Priya Raman.docx", content_type=DOCX)
    assert first.status_code == 201, first.text
    stored = first.json()
    assert stored["added"] is True
    assert stored["resume"]["version"] == 1
    assert stored["resume"]["source_format"] == "docx"
    assert stored["resume"]["source_filename"] == "Priya_Raman.docx"
    content = client.get(f"/api/resumes/{stored['resume']['id']}", headers=me.headers).json()
    assert content["content"]["basics"]["name"] == "Priya Raman"
    assert {w["name"] for w in content["content"]["work"]} >= {w["name"] for w in sample["work"]}

    markdown = render_markdown(sample).encode()
    second = _upload(client, me, markdown, filename=None, content_type="text/markdown")
    assert second.status_code == 201, second.text
    assert second.json()["added"] is False, "the same facts in Markdown are the same version"
    assert second.json()["resume"]["version"] == 1

    as_json = json.dumps(sample).encode()
    third = _upload(client, me, as_json, filename="candidate.json")
    assert third.json()["resume"]["version"] == 2, "the candidate file adds its own blocks"
    assert third.json()["resume"]["source_format"] == "json-resume"
    same = client.post("/api/resumes", json=sample, headers=me.headers)
    assert same.status_code == 201
    assert same.json()["added"] is False, "unchanged content adds no version"
    assert same.json()["resume"]["version"] == 2
    versions = client.get("/api/resumes", params={"kind": "master"}, headers=me.headers).json()
    assert [r["version"] for r in versions] == [2, 1]


def test_rename_and_delete_a_version(client: httpx.Client) -> None:
    me = sign_up(client)
    sample = _sample()
    v1 = client.post("/api/resumes", json=sample, headers=me.headers).json()["resume"]
    changed = sample | {"basics": sample["basics"] | {"label": "Principal Engineer"}}
    v2 = client.post("/api/resumes", json=changed, headers=me.headers).json()["resume"]
    renamed = client.patch(
        f"/api/resumes/{v1['id']}", json={"label": "the old one"}, headers=me.headers
    )
    assert renamed.json()["label"] == "the old one"
    assert client.delete(f"/api/resumes/{v2['id']}", headers=me.headers).status_code == 204
    assert client.get(f"/api/resumes/{v2['id']}", headers=me.headers).status_code == 404
    remaining = client.get("/api/resumes", headers=me.headers).json()
    assert [r["id"] for r in remaining] == [v1["id"]]


@pytest.mark.parametrize(
    ("data", "filename", "content_type", "status", "says"),
    [
        (b"%PDF-1.4 broken", "cv.pdf", "application/pdf", 422, "cv.pdf"),
        (b"garbage", "cv.pdf", "application/pdf", 422, "not a PDF"),
        (b"PK\x03\x04 not a zip", "cv.docx", DOCX, 422, "cv.docx"),
        (b"hello", "cv.doc", "application/msword", 422, "save it as .docx"),
        (b"hello", None, "application/msword", 415, "filename"),
        (b"", "cv.txt", "text/plain", 422, "empty"),
        (b"{not json", "cv.json", "application/json", 422, "cv.json"),
        (b'{"basics": {"name": "A"}}', "cv.json", "application/json", 422, "email"),
    ],
)
def test_bad_uploads_are_one_clear_error(
    client: httpx.Client,
    data: bytes,
    filename: str | None,
    content_type: str,
    status: int,
    says: str,
) -> None:
    me = sign_up(client)
    response = _upload(client, me, data, filename=filename, content_type=content_type)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert says in error["message"]
    assert "/tmp" not in error["message"], "server paths never leak"


def test_an_upload_over_the_limit_is_refused(serve: Serve) -> None:
    server = serve(api_max_upload_bytes=4096)
    with server.client() as http:
        me = sign_up(http)
        big = _upload(http, me, b"x" * 5000, filename="cv.txt", content_type="text/plain")
        assert big.status_code == 413
        assert big.json()["error"]["code"] == "too_large"


def test_a_json_document_that_is_not_a_resume_is_refused(client: httpx.Client) -> None:
    me = sign_up(client)
    response = client.post(
        "/api/resumes", json={"basics": {"name": "Ana", "email": "nope"}}, headers=me.headers
    )
    assert response.status_code == 422
    assert "basics.email" in response.json()["error"]["message"]


async def _print_pdf(doc: dict[str, Any]) -> bytes:
    async with async_playwright() as playwright:
        browser = await launch_chromium(playwright, Settings())
        try:
            page = await browser.new_page()
            await page.set_content(render_html(doc))
            return await page.pdf(format="Letter")
        finally:
            await browser.close()


def test_upload_a_pdf(client: httpx.Client, chromium_path: Path) -> None:
    me = sign_up(client)
    pdf = asyncio.run(_print_pdf(_sample()))
    response = _upload(client, me, pdf, filename="priya.pdf", content_type="application/pdf")
    assert response.status_code == 201, response.text
    assert response.json()["resume"]["source_format"] == "pdf"
