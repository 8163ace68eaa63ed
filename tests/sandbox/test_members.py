"""Signing in to the LinkedIn and Indeed replicas: the sandbox's password sets the session."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sandbox.applications.accounts import SANDBOX_PASSWORD
from sandbox.catalogue import Catalogue


def _easy_apply(catalogue: Catalogue, platform: str) -> str:
    return next(p.external_id for p in catalogue.postings(platform) if p.easy_apply)


def test_linkedin_sign_in_opens_easy_apply(client: TestClient, catalogue: Catalogue) -> None:
    job = _easy_apply(catalogue, "linkedin")
    page = f"/linkedin/jobs/view/{job}"
    assert "jobs-apply-button" not in client.get(page).text
    wrong = {"session_key": "me@example.org", "session_password": "nope"}
    assert client.post(f"{page}/sign-in", data=wrong).status_code == 401
    right = {"session_key": "me@example.org", "session_password": SANDBOX_PASSWORD}
    signed = client.post(f"{page}/sign-in", data=right, follow_redirects=False)
    assert signed.status_code == 303
    assert "li_at" in signed.cookies
    assert "jobs-apply-button" in client.get(page).text


def test_indeed_sign_in_leads_into_the_apply_flow(client: TestClient, catalogue: Catalogue) -> None:
    job = _easy_apply(catalogue, "indeed")
    flow = f"/indeed/smartapply/form/contact-info?jk={job}"
    visitor = client.get(flow, follow_redirects=False)
    assert visitor.status_code == 303
    assert "/indeed/account/login" in visitor.headers["location"]
    right = {"__email": "me@example.org", "__password": SANDBOX_PASSWORD}
    signed = client.post(f"/indeed/account/login?jk={job}", data=right, follow_redirects=False)
    assert signed.status_code == 303
    assert signed.headers["location"].endswith(flow)
    assert "Add your contact information" in client.get(flow).text
