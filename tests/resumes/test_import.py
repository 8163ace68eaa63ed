"""Importing resumes: JSON Resume, YAML, PDF, DOCX, Markdown and text, and every bad input.

The PDF and DOCX fixtures are rendered here from the sample candidate (PDF through the
real Chromium, DOCX through python-docx) and imported back; the facts that come back are
compared with the sample, field by field. Hand-written resumes in other layouts check that
the parser is not tuned to these renderers alone.
"""

from __future__ import annotations

import asyncio
import base64
import html
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from docx.text.paragraph import Paragraph
from playwright.async_api import async_playwright
from pypdf import PdfReader, PdfWriter

from adapters.browser import launch_chromium
from core.config import Settings
from core.errors import InputError
from resumes.candidate import load_candidate, parse_candidate, sample_candidate_path
from resumes.importing import import_resume, resume_from_text
from resumes.written_dates import find_date_range
from tests.helpers import ROOT, run_ajob

REAL_SAMPLE = ROOT.parent / "shared" / "real" / "jsonresume" / "sample.resume.json"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _sample() -> dict[str, Any]:
    return load_candidate(sample_candidate_path()).resume_document()


def _month(value: str | None) -> str:
    if value is None:
        return "Present"
    year, *rest = value.split("-")
    return f"{MONTHS[int(rest[0]) - 1]} {year}" if rest else year


def _span(record: dict[str, Any]) -> str:
    return f"{_month(record.get('startDate'))} – {_month(record.get('endDate'))}"


def _place(location: dict[str, Any]) -> str:
    return ", ".join(location[k] for k in ("city", "region") if location.get(k))


def _profile(doc: dict[str, Any], network: str) -> str:
    return str(next(p["url"] for p in doc["basics"]["profiles"] if p["network"] == network))


# --- renderers: the sample candidate as HTML (printed to PDF), Markdown and DOCX ------------


def render_html(doc: dict[str, Any]) -> str:
    """An ATS-style page: drawn list bullets, right-aligned dates, links behind short words."""
    e = html.escape
    b = doc["basics"]
    out = [
        "<html><head><style>body{font:10.5pt Helvetica,Arial,sans-serif;margin:0.5in}"
        "h1{font-size:20pt;margin:0}h2{font-size:12pt;text-transform:uppercase;"
        "border-bottom:1px solid #333;margin:12pt 0 4pt}p{margin:2pt 0}"
        ".row{display:flex;justify-content:space-between}ul{margin:2pt 0 6pt}</style></head><body>",
        f"<h1>{e(b['name'])}</h1><p>{e(b['label'])}</p>",
        f"<p>{e(_place(b['location']))} · <a href='mailto:{e(b['email'])}'>{e(b['email'])}</a>"
        f" · {e(b['phone'])} · {e(b['url'].removeprefix('https://'))}"
        + "".join(f" · <a href='{e(p['url'])}'>{e(p['network'])}</a>" for p in b["profiles"])
        + "</p>",
        f"<h2>Summary</h2><p>{e(b['summary'])}</p><h2>Experience</h2>",
    ]
    for job in doc["work"]:
        out.append(
            f"<div class='row'><b>{e(job['name'])}</b><span>{e(job['location'])}</span></div>"
            f"<div class='row'><i>{e(job['position'])}</i><span>{_span(job)}</span></div>"
        )
        if job.get("summary"):
            out.append(f"<p>{e(job['summary'])}</p>")
        out.append("<ul>" + "".join(f"<li>{e(h)}</li>" for h in job["highlights"]) + "</ul>")
    out.append("<h2>Education</h2>")
    for school in doc["education"]:
        out.append(
            f"<div class='row'><b>{e(school['institution'])}</b><span>{_span(school)}</span></div>"
            f"<p>{e(school['studyType'])} in {e(school['area'])}</p>"
        )
    out.append("<h2>Technical Skills</h2>")
    out += [f"<p><b>{e(s['name'])}:</b> {e(', '.join(s['keywords']))}</p>" for s in doc["skills"]]
    out.append("<h2>Projects</h2>")
    for project in doc["projects"]:
        out.append(
            f"<p><b>{e(project['name'])}</b> — {e(project['description'])} "
            f"<a href='{e(project['url'])}'>{e(project['url'].removeprefix('https://'))}</a></p>"
            + "<ul>"
            + "".join(f"<li>{e(h)}</li>" for h in project["highlights"])
            + f"</ul><p>Keywords: {e(', '.join(project['keywords']))}</p>"
        )
    out.append("<h2>Licenses &amp; Certifications</h2>")
    for cert in doc["certificates"]:
        out.append(f"<p>{e(cert['name'])} — {e(cert['issuer'])}, {_month(cert['date'])}</p>")
    return "".join(out) + "</body></html>"


def render_markdown(doc: dict[str, Any]) -> str:
    b = doc["basics"]
    links = " · ".join(f"[{p['network']}]({p['url']})" for p in b["profiles"])
    out = [
        f"# {b['name']}",
        b["label"],
        "",
        f"{_place(b['location'])} · {b['email']} · {b['phone']} · <{b['url']}> · {links}",
        "",
        "## Summary",
        "",
        b["summary"],
        "",
        "## Work Experience",
    ]
    for job in doc["work"]:
        out += ["", f"### {job['position']} — {job['name']}", f"{job['location']} · {_span(job)}"]
        out += ["", job["summary"], ""] if job.get("summary") else [""]
        out += [f"- {h}" for h in job["highlights"]]
    out += ["", "## Education", ""]
    for school in doc["education"]:
        out.append(
            f"**{school['institution']}** | {school['studyType']}, {school['area']} | "
            f"{school['startDate']} to {school['endDate']}"
        )
    out += ["", "## Skills", ""]
    out += [f"- **{s['name']}:** {', '.join(s['keywords'])}" for s in doc["skills"]]
    out += ["", "## Projects", ""]
    for project in doc["projects"]:
        out += [f"### [{project['name']}]({project['url']})", project["description"], ""]
        out += [f"* {h}" for h in project["highlights"]]
        out += ["", f"*Tech stack:* {', '.join(project['keywords'])}"]
    out += ["", "## Certifications", ""]
    for cert in doc["certificates"]:
        out.append(f"- {cert['name']} | {cert['issuer']} | {_month(cert['date'])}")
    return "\n".join(out) + "\n"


def _add_link(paragraph: Paragraph, url: str, text: str) -> None:
    """A real Word hyperlink (python-docx has no public API to add one)."""
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def render_docx(doc: dict[str, Any], path: Path) -> Path:
    """Word's own styles (Title, Heading 1, List Bullet), tab-stop dates, a skills table."""
    b = doc["basics"]
    word = docx.Document()
    word.add_paragraph(b["name"], style="Title")
    word.add_paragraph(b["label"])
    contact = word.add_paragraph(
        f"{_place(b['location'])} | {b['email']} | {b['phone']} | {b['url']}"
    )
    for profile in b["profiles"]:
        contact.add_run(" | ")
        _add_link(contact, profile["url"], profile["network"])
    word.add_heading("Professional Summary", level=1)
    word.add_paragraph(b["summary"])
    word.add_heading("Professional Experience", level=1)
    for job in doc["work"]:
        line = word.add_paragraph()
        line.paragraph_format.tab_stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.RIGHT)
        line.add_run(f"{job['position']}, {job['name']}, {job['location']}").bold = True
        line.add_run(f"\t{_span(job)}")
        if job.get("summary"):
            word.add_paragraph(job["summary"]).runs[0].italic = True
        for highlight in job["highlights"]:
            word.add_paragraph(highlight, style="List Bullet")
    word.add_heading("Education", level=1)
    for school in doc["education"]:
        word.add_paragraph(f"{school['institution']}\t{_span(school)}")
        word.add_paragraph(f"{school['studyType']}, {school['area']}")
    word.add_heading("Skills", level=1)
    table = word.add_table(rows=0, cols=2)
    for skill in doc["skills"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = skill["name"], ", ".join(skill["keywords"])
    word.add_heading("Projects", level=1)
    for project in doc["projects"]:
        title = word.add_paragraph()
        title.add_run(project["name"]).bold = True
        title.add_run(" | ")
        _add_link(title, project["url"], project["url"].removeprefix("https://"))
        word.add_paragraph(project["description"])
        for highlight in project["highlights"]:
            word.add_paragraph(highlight, style="List Bullet")
        word.add_paragraph(f"Technologies: {', '.join(project['keywords'])}")
    word.add_heading("Certifications", level=1)
    for cert in doc["certificates"]:
        word.add_paragraph(
            f"{cert['name']} ({cert['issuer']}, {_month(cert['date'])})", style="List Bullet"
        )
    word.save(str(path))
    return path


OTHER_LAYOUT_HTML = """<html><body style="font:11pt Georgia,serif;margin:0.7in">
<div style="text-align:center"><div style="font-size:22pt">ALEX MORGAN</div>
<div>alex.morgan@proton.example &nbsp;|&nbsp; +1 (206) 555-0142 &nbsp;|&nbsp; Seattle, WA
&nbsp;|&nbsp; github.com/amorgan</div></div>
<h3 style="letter-spacing:3px">WORK EXPERIENCE</h3>
<table style="width:100%"><tr><td><b>Amazon Web Services</b>, Seattle, WA</td>
<td style="text-align:right">Aug 2019 – Present</td></tr>
<tr><td colspan=2><i>Software Development Engineer II</i></td></tr></table>
<div style="padding-left:18px;text-indent:-12px">• Designed a multi-tenant control plane for
DynamoDB backups serving 100k customers, reducing restore time by 60 percent across all
regions worldwide.</div>
<div style="padding-left:18px;text-indent:-12px">• Mentored three new hires</div>
<table style="width:100%"><tr><td><b>Zillow</b>, Seattle, WA</td>
<td style="text-align:right">Jun 2016 – Jul 2019</td></tr>
<tr><td colspan=2><i>Software Engineer</i></td></tr></table>
<div style="padding-left:18px;text-indent:-12px">• Built the Zestimate feature pipeline</div>
<h3 style="letter-spacing:3px">EDUCATION</h3>
<div><b>University of Washington</b> — B.S. in Computer Engineering, 2016</div>
<h3 style="letter-spacing:3px">SKILLS</h3>
<div>Java, Scala, Python, AWS, DynamoDB, Spark</div>
</body></html>"""
"""Centred header, letter-spaced headings, typed bullets, employer over title, dates in a
table cell on the right."""


async def _print_pdfs(chromium_path: Path) -> dict[str, bytes]:
    """The sample and another layout as PDFs, and a "scanned" PDF of a screenshot only."""
    async with async_playwright() as playwright:
        browser = await launch_chromium(playwright, Settings(browser_path=chromium_path))
        try:
            page = await browser.new_page()
            await page.set_content(OTHER_LAYOUT_HTML)
            other_pdf = await page.pdf(format="Letter")
            await page.set_content(render_html(_sample()))
            text_pdf = await page.pdf(format="Letter")
            shot = base64.b64encode(await page.screenshot(full_page=True)).decode()
            await page.set_content(f"<img src='data:image/png;base64,{shot}' width='700'>")
            scanned_pdf = await page.pdf(format="Letter")
        finally:
            await browser.close()
    return {"text": text_pdf, "other": other_pdf, "scanned": scanned_pdf}


@pytest.fixture(scope="module")
def printed(chromium_path: Path) -> dict[str, bytes]:
    return asyncio.run(_print_pdfs(chromium_path))


# --- round trips: the sample candidate rendered and imported back --------------------------


def assert_same_facts(imported: dict[str, Any], sample: dict[str, Any]) -> None:
    """Every fact of the sample that a resume shows has come back, unchanged."""
    parse_candidate(imported)
    got, want = imported["basics"], sample["basics"]
    for key in ("name", "label", "email", "phone", "summary"):
        assert got[key] == want[key], key
    assert got["location"]["city"] == want["location"]["city"]
    assert {(p["network"], p["username"]) for p in got["profiles"]} == {
        (p["network"], p["username"]) for p in want["profiles"]
    }
    assert [job["name"] for job in imported["work"]] == [job["name"] for job in sample["work"]]
    for job, expected in zip(imported["work"], sample["work"], strict=True):
        assert job["position"] == expected["position"]
        assert job["location"] == expected["location"]
        assert job["startDate"] == expected["startDate"][:7]
        assert job.get("endDate") == (expected["endDate"][:7] if "endDate" in expected else None)
        assert job["highlights"] == expected["highlights"]
        assert job.get("summary") == expected.get("summary")
    [school] = imported["education"]
    expected_school = sample["education"][0]
    for key in ("institution", "studyType", "area", "startDate", "endDate"):
        assert school[key] == expected_school[key], key
    assert {s["name"]: s["keywords"] for s in imported["skills"]} == {
        s["name"]: s["keywords"] for s in sample["skills"]
    }
    assert imported["certificates"] == sample["certificates"]
    [project] = imported["projects"]
    expected_project = sample["projects"][0]
    for key in ("name", "description", "url", "highlights", "keywords"):
        assert project[key] == expected_project[key], key


def test_pdf_printed_by_chromium_round_trips(printed: dict[str, bytes], tmp_path: Path) -> None:
    path = tmp_path / "priya.pdf"
    path.write_bytes(printed["text"])
    assert "Present" in PdfReader(path).pages[0].extract_text()
    result = import_resume(path)
    assert result.source_format == "pdf"
    assert_same_facts(result.document, _sample())
    assert result.warnings == []


def test_docx_round_trips(tmp_path: Path) -> None:
    result = import_resume(render_docx(_sample(), tmp_path / "priya.docx"))
    assert result.source_format == "docx"
    assert_same_facts(result.document, _sample())
    assert result.warnings == []


def test_markdown_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "priya.md"
    path.write_text(render_markdown(_sample()))
    result = import_resume(path)
    assert result.source_format == "markdown"
    assert_same_facts(result.document, _sample())
    assert result.warnings == []


def test_a_changed_candidate_changes_the_import(tmp_path: Path) -> None:
    """The facts come from the file, not from the sample: change them and they follow."""
    doc = _sample()
    doc["basics"]["name"] = "Ana María Ortega-Díaz"
    doc["basics"]["email"] = "ana@ortega.example"
    doc["work"][1]["highlights"] = doc["work"][1]["highlights"][:1]
    doc["work"][0]["startDate"] = "2020-11"
    doc["work"].append(
        {
            "name": "Quarry Labs",
            "position": "Junior Developer",
            "location": "Austin, TX",
            "startDate": "2016-06",
            "endDate": "2017-12",
            "highlights": ["Built internal dashboards.", "Ran the on-call rota."],
        }
    )
    path = tmp_path / "ana.md"
    path.write_text(render_markdown(doc))
    assert_same_facts(import_resume(path).document, doc)
    docx_result = import_resume(render_docx(doc, tmp_path / "ana.docx"))
    assert_same_facts(docx_result.document, doc)


# --- other layouts, written by hand ----------------------------------------------------------

PLAIN_TEXT_RESUME = """\
JORDAN A. LEE
Data Engineer | jordan.lee@mail.example | (555) 123-4567 | Austin, TX
linkedin.com/in/jordanlee | github.com/jlee

PROFESSIONAL SUMMARY
Data engineer with 8 years of experience building batch and streaming pipelines for
fintech and retail companies.

WORK EXPERIENCE
Acme Corp, Austin, TX
Senior Data Engineer                                     01/2020 - Present
• Built a Spark pipeline processing 2 TB per day
• Reduced warehouse costs by 40%
Data Engineer                                            06/2017 - 12/2019
• Migrated 200 Airflow DAGs to a new
  scheduler with no missed runs

Globex Inc. | Software Developer | 2014 – 2017
* Wrote ETL jobs in Python
* Maintained the reporting database

EDUCATION
Master of Science in Computer Science, University of Texas at Austin, 2014
B.S. Mathematics — Rice University (2008 - 2012)

TECHNICAL SKILLS
Languages: Python, Scala, SQL
Data: Spark, Kafka, Airflow, dbt
Cloud: AWS (S3, EMR, Glue), GCP

CERTIFICATIONS
Google Cloud Professional Data Engineer, Google Cloud, 2021
Databricks Certified Data Engineer Associate (Databricks) - Issued Mar 2023

LANGUAGES
English (native), Spanish (fluent)
"""


def test_plain_text_in_a_classic_layout(tmp_path: Path) -> None:
    path = tmp_path / "jordan.txt"
    path.write_text(PLAIN_TEXT_RESUME)
    result = import_resume(path)
    doc = result.document
    basics = doc["basics"]
    assert (basics["name"], basics["label"]) == ("Jordan A. Lee", "Data Engineer")
    assert (basics["email"], basics["phone"]) == ("jordan.lee@mail.example", "(555) 123-4567")
    assert basics["location"] == {"city": "Austin", "region": "TX"}
    assert _profile(doc, "LinkedIn") == "https://linkedin.com/in/jordanlee"
    assert _profile(doc, "GitHub") == "https://github.com/jlee"
    assert basics["summary"].startswith("Data engineer with 8 years")
    assert basics["summary"].endswith("for fintech and retail companies.")
    work = [
        (w["name"], w["position"], w.get("startDate"), w.get("endDate"), len(w["highlights"]))
        for w in doc["work"]
    ]
    assert work == [
        ("Acme Corp", "Senior Data Engineer", "2020-01", None, 2),
        ("Acme Corp", "Data Engineer", "2017-06", "2019-12", 1),
        ("Globex Inc.", "Software Developer", "2014", "2017", 2),
    ]
    assert doc["work"][0]["location"] == "Austin, TX"
    assert doc["work"][1]["highlights"] == [
        "Migrated 200 Airflow DAGs to a new scheduler with no missed runs"
    ]
    assert doc["education"] == [
        {
            "institution": "University of Texas at Austin",
            "studyType": "Master of Science",
            "area": "Computer Science",
            "endDate": "2014",
        },
        {
            "institution": "Rice University",
            "studyType": "B.S.",
            "area": "Mathematics",
            "startDate": "2008",
            "endDate": "2012",
        },
    ]
    assert doc["skills"][2] == {"name": "Cloud", "keywords": ["AWS (S3, EMR, Glue)", "GCP"]}
    assert doc["certificates"] == [
        {
            "name": "Google Cloud Professional Data Engineer",
            "issuer": "Google Cloud",
            "date": "2021",
        },
        {
            "name": "Databricks Certified Data Engineer Associate",
            "issuer": "Databricks",
            "date": "2023-03",
        },
    ]
    assert doc["languages"] == [
        {"language": "English", "fluency": "native"},
        {"language": "Spanish", "fluency": "fluent"},
    ]
    assert any("took 'Acme Corp' from the role above" in w for w in result.warnings)


MARKDOWN_RESUME = """\
Sam Okafor
==========

**Staff Software Engineer** — sam@okafor.example — +44 20 7946 0958 — London, UK
[github.com/samok](https://github.com/samok) · [Blog](https://samok.dev)

About
-----
I design payment systems.

Experience
----------

**Ledgerly** · Staff Software Engineer · *Since 2022*
- Designed the double-entry ledger
  used by 3 million accounts.
- Cut settlement time from T+2 to T+0.

Platform Engineer at Northwind Traders (Sep. 2017 — Dec 2021)
- Ran Kubernetes for 60 teams.

Education
---------
Imperial College London, MEng Computing, 2013–2017

Skills
------
Go · Rust · PostgreSQL · Kubernetes

Awards
------
- Engineering Excellence Award, Ledgerly, 2023
"""


def test_markdown_in_another_layout() -> None:
    result = resume_from_text(MARKDOWN_RESUME, source_format="markdown")
    doc = result.document
    basics = doc["basics"]
    assert basics["name"] == "Sam Okafor"
    assert basics["label"] == "Staff Software Engineer"
    assert basics["phone"] == "+44 20 7946 0958"
    assert basics["location"] == {"city": "London", "countryCode": "GB"}
    assert basics["url"] == "https://samok.dev"
    assert _profile(doc, "GitHub") == "https://github.com/samok"
    assert basics["summary"] == "I design payment systems."
    first, second = doc["work"]
    assert (first["name"], first["position"], first["startDate"]) == (
        "Ledgerly",
        "Staff Software Engineer",
        "2022",
    )
    assert "endDate" not in first
    assert first["highlights"] == [
        "Designed the double-entry ledger used by 3 million accounts.",
        "Cut settlement time from T+2 to T+0.",
    ]
    assert (second["name"], second["position"]) == ("Northwind Traders", "Platform Engineer")
    assert (second["startDate"], second["endDate"]) == ("2017-09", "2021-12")
    assert doc["education"] == [
        {
            "institution": "Imperial College London",
            "studyType": "MEng",
            "area": "Computing",
            "startDate": "2013",
            "endDate": "2017",
        }
    ]
    assert doc["skills"] == [
        {"name": "Skills", "keywords": ["Go", "Rust", "PostgreSQL", "Kubernetes"]}
    ]
    assert doc["awards"] == [
        {"title": "Engineering Excellence Award", "awarder": "Ledgerly", "date": "2023"}
    ]


def test_docx_with_contact_in_the_page_header_and_a_title_over_company_layout(
    tmp_path: Path,
) -> None:
    word = docx.Document()
    header = word.sections[0].header.paragraphs[0]
    header.text = "Lin Chen · lin.chen@example.com · 415-555-0123"
    word.add_heading("EXPERIENCE", level=2)
    word.add_paragraph("Machine Learning Engineer")
    word.add_paragraph("Orbital Insight Inc.")
    word.add_paragraph("March 2019 – Current")
    word.add_paragraph("Trained models on satellite imagery.", style="List Number")
    word.add_paragraph("Shipped a feature store.", style="List Number")
    word.add_heading("EDUCATION", level=2)
    word.add_paragraph("Stanford University — PhD, Electrical Engineering — 2019")
    path = tmp_path / "lin.docx"
    word.save(str(path))
    doc = import_resume(path).document
    assert doc["basics"]["name"] == "Lin Chen"
    assert doc["basics"]["phone"] == "415-555-0123"
    assert doc["work"] == [
        {
            "name": "Orbital Insight Inc.",
            "position": "Machine Learning Engineer",
            "startDate": "2019-03",
            "highlights": ["Trained models on satellite imagery.", "Shipped a feature store."],
        }
    ]
    assert doc["education"][0] == {
        "institution": "Stanford University",
        "studyType": "PhD",
        "area": "Electrical Engineering",
        "endDate": "2019",
    }


def test_pdf_in_another_layout(printed: dict[str, bytes], tmp_path: Path) -> None:
    path = tmp_path / "alex.pdf"
    path.write_bytes(printed["other"])
    result = import_resume(path)
    doc = result.document
    assert doc["basics"]["name"] == "Alex Morgan"
    assert doc["basics"]["phone"] == "+1 (206) 555-0142"
    assert _profile(doc, "GitHub") == "https://github.com/amorgan"
    assert [(w["name"], w["position"], w["location"], w["startDate"]) for w in doc["work"]] == [
        ("Amazon Web Services", "Software Development Engineer II", "Seattle, WA", "2019-08"),
        ("Zillow", "Software Engineer", "Seattle, WA", "2016-06"),
    ]
    assert doc["work"][0]["highlights"] == [
        "Designed a multi-tenant control plane for DynamoDB backups serving 100k customers, "
        "reducing restore time by 60 percent across all regions worldwide.",
        "Mentored three new hires",
    ]
    assert doc["work"][1]["endDate"] == "2019-07"
    assert doc["education"] == [
        {
            "institution": "University of Washington",
            "studyType": "B.S.",
            "area": "Computer Engineering",
            "endDate": "2016",
        }
    ]
    assert doc["skills"][0]["keywords"] == ["Java", "Scala", "Python", "AWS", "DynamoDB", "Spark"]
    assert result.warnings == []


def test_docx_with_dates_in_a_table_column(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph().add_run("KWAME MENSAH").bold = True
    word.add_paragraph("Site Reliability Engineer")
    word.add_paragraph("kwame.mensah@mail.example  •  +233 24 123 4567  •  Accra, Ghana")
    word.add_paragraph("WORK HISTORY")
    table = word.add_table(rows=0, cols=2)
    for dates, header, bullets in (
        ("2020 – Present", "Site Reliability Engineer, Paystack", ["Kept the API at 99.99%"]),
        ("2016 – 2020", "Systems Administrator, MTN Ghana", ["Automated it", "Ran it"]),
    ):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = dates, header
        for bullet in bullets:
            cells[1].add_paragraph(bullet, style="List Bullet")
    word.add_paragraph("CERTIFICATIONS")
    word.add_paragraph("Certified Kubernetes Administrator (CKA) – The Linux Foundation – 2021")
    path = tmp_path / "kwame.docx"
    word.save(str(path))
    doc = import_resume(path).document
    assert doc["basics"]["name"] == "Kwame Mensah"
    assert doc["basics"]["label"] == "Site Reliability Engineer"
    assert doc["basics"]["location"] == {"city": "Accra", "countryCode": "GH"}
    assert [
        (w["name"], w["position"], w["startDate"], w.get("endDate"), len(w["highlights"]))
        for w in doc["work"]
    ] == [
        ("Paystack", "Site Reliability Engineer", "2020", None, 1),
        ("MTN Ghana", "Systems Administrator", "2016", "2020", 2),
    ]
    assert doc["certificates"] == [
        {
            "name": "Certified Kubernetes Administrator (CKA)",
            "issuer": "The Linux Foundation",
            "date": "2021",
        }
    ]


def test_missing_fields_are_left_out_and_reported() -> None:
    result = resume_from_text(
        "Ray Park\nray@park.example\n\nExperience\nDid many things for many years.\n"
    )
    assert result.document == {"basics": {"name": "Ray Park", "email": "ray@park.example"}}
    assert any("experience section not imported" in w for w in result.warnings)
    assert "no education section found" in result.warnings
    assert "no skills section found" in result.warnings


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Mar 2021 – Present", "2021-03", None),
        ("2018-01 to 2021-02", "2018-01", "2021-02"),
        ("01/2018 - 02/2021", "2018-01", "2021-02"),
        ("September 2019 — Current", "2019-09", None),
        ("2014–2017", "2014", "2017"),
        ("Summer 2019 - Fall 2020", "2019", "2020"),
        ("since 2020", "2020", None),
    ],
)
def test_written_date_ranges(text: str, start: str, end: str | None) -> None:
    found = find_date_range(f"Engineer, Acme   {text}")
    assert found is not None
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize(
    "heading",
    [
        "## Work Experience",
        "WORK EXPERIENCE",
        "Work Experience:",
        "E X P E R I E N C E",
        "Employment History",
        "**Professional Experience**",
    ],
)
def test_section_headings_in_any_style(heading: str) -> None:
    text = (
        "# Jo Smith\njo@smith.example\n\n"
        f"{heading}\n"
        "Backend Engineer | Acme Corp | 2019 - 2021\n- Built the billing service.\n\n"
        "SKILLS\nLanguages:\nPython, Go\n- Rust\nTools: Docker, Terraform\n"
    )
    doc = resume_from_text(text, source_format="markdown").document
    assert doc["work"] == [
        {
            "name": "Acme Corp",
            "position": "Backend Engineer",
            "startDate": "2019",
            "endDate": "2021",
            "highlights": ["Built the billing service."],
        }
    ]
    assert doc["skills"] == [
        {"name": "Languages", "keywords": ["Python", "Go", "Rust"]},
        {"name": "Tools", "keywords": ["Docker", "Terraform"]},
    ]


LATEX_TEMPLATE_TEXT = """\
Jake Ryan
123-456-7890 | jake@su.example | linkedin.com/in/jake | github.com/jake
Education
Southwestern University                                  Georgetown, TX
Bachelor of Arts in Computer Science, Minor in Business       Aug. 2018 – May 2021
Blinn College                                            Bryan, TX
Associate’s in Liberal Arts                              Aug. 2014 – May 2018
Experience
Undergraduate Research Assistant                         June 2020 – Present
Texas A&M University                                     College Station, TX
• Developed a REST API using FastAPI and PostgreSQL
• Developed a full-stack web application using Flask and React
Information Technology Support Specialist                Sep. 2018 – Present
Southwestern University                                  Georgetown, TX
• Communicate with managers to set up campus computers used on campus
Projects
Gitlytics | Python, Flask, React, PostgreSQL, Docker          June 2020 – Present
• Developed a full-stack web application using Flask serving a REST API
Technical Skills
Languages: Java, Python, C/C++, SQL (Postgres), JavaScript
"""
"""The text of the widely used LaTeX "Jake's Resume" template: title over employer, places
and dates in a right-hand column, the stack beside each project's name."""


def test_the_common_latex_template() -> None:
    result = resume_from_text(LATEX_TEMPLATE_TEXT)
    doc = result.document
    assert [
        (e["institution"], e["studyType"], e["area"], e["location"], e["startDate"], e["endDate"])
        for e in doc["education"]
    ] == [
        (
            "Southwestern University",
            "Bachelor of Arts",
            "Computer Science, Minor in Business",
            "Georgetown, TX",
            "2018-08",
            "2021-05",
        ),
        ("Blinn College", "Associate’s", "Liberal Arts", "Bryan, TX", "2014-08", "2018-05"),
    ]
    assert [
        (w["name"], w["position"], w["location"], len(w["highlights"])) for w in doc["work"]
    ] == [
        ("Texas A&M University", "Undergraduate Research Assistant", "College Station, TX", 2),
        (
            "Southwestern University",
            "Information Technology Support Specialist",
            "Georgetown, TX",
            1,
        ),
    ]
    assert doc["projects"] == [
        {
            "name": "Gitlytics",
            "highlights": ["Developed a full-stack web application using Flask serving a REST API"],
            "keywords": ["Python", "Flask", "React", "PostgreSQL", "Docker"],
            "startDate": "2020-06",
        }
    ]
    assert doc["skills"][0]["keywords"][3] == "SQL (Postgres)"
    assert result.warnings == []


def test_one_fact_a_line_with_a_single_date_and_a_gpa() -> None:
    text = """\
Maria Garcia
Product Designer
maria.garcia@mail.example
(415) 555-2671
Brooklyn, NY 11201

EXPERIENCE

Senior Product Designer
Spotify, New York, NY
June 2020 - Present
- Led design for the podcast creator app.

Design Intern, IDEO, Summer 2016

EDUCATION

Rhode Island School of Design
BFA in Graphic Design, 2017
GPA: 3.8/4.0

VOLUNTEER
Design Mentor, ADPList, 2021 - Present
"""
    result = resume_from_text(text)
    doc = result.document
    assert doc["basics"]["location"] == {"postalCode": "11201", "city": "Brooklyn", "region": "NY"}
    assert doc["work"] == [
        {
            "name": "Spotify",
            "position": "Senior Product Designer",
            "location": "New York, NY",
            "startDate": "2020-06",
            "highlights": ["Led design for the podcast creator app."],
        },
        {"name": "IDEO", "position": "Design Intern", "startDate": "2016", "endDate": "2016"},
    ]
    assert "work entry 'Design Intern / IDEO': one date only; used as start and end" in (
        result.warnings
    )
    assert doc["education"] == [
        {
            "institution": "Rhode Island School of Design",
            "studyType": "BFA",
            "area": "Graphic Design",
            "endDate": "2017",
            "score": "3.8/4.0",
        }
    ]
    assert doc["volunteer"] == [
        {"organization": "ADPList", "position": "Design Mentor", "startDate": "2021"}
    ]


# --- JSON Resume files -------------------------------------------------------------------------


def test_json_candidate_keeps_everything_it_holds() -> None:
    result = import_resume(sample_candidate_path())
    assert result.source_format == "json-resume"
    written = json.loads(sample_candidate_path().read_text())
    assert result.document["application"] == written["application"]
    assert result.document["preferences"] == written["preferences"]
    assert result.document["work"][1]["startDate"] == "2018-01-15"


@pytest.mark.skipif(not REAL_SAMPLE.is_file(), reason="../shared/real not present")
def test_the_json_resume_sample_imports_unchanged() -> None:
    result = import_resume(REAL_SAMPLE)
    assert result.document == json.loads(REAL_SAMPLE.read_text())
    assert "application" not in result.document


def test_yaml_with_unquoted_dates(tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(
        "basics: {name: Kim Lee, email: kim@lee.example}\n"
        "work:\n  - name: Acme\n    startDate: 2019-04-01\n    endDate: 2021-06\n"
    )
    result = import_resume(path)
    assert result.source_format == "yaml"
    assert result.document["work"] == [
        {"name": "Acme", "startDate": "2019-04-01", "endDate": "2021-06"}
    ]


# --- bad input: one line each, saying what to do ---------------------------------------------


def _refused(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        import_resume(path)
    message = caught.value.message
    assert "\n" not in message
    assert caught.value.exit_code == 2
    return message


def test_encrypted_pdf_is_refused_with_the_fix(printed: dict[str, bytes], tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(printed["text"]))
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="AES-256")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    message = _refused(path)
    assert "encrypted" in message
    assert "remove the password" in message
    assert "DOCX" in message


def test_pdf_with_only_an_owner_password_imports(printed: dict[str, bytes], tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(printed["text"]))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    path = tmp_path / "restricted.pdf"
    writer.write(path)
    assert PdfReader(path).is_encrypted
    assert import_resume(path).document["basics"]["email"] == "priya.raman@example.org"


def test_scanned_pdf_suggests_ocr(printed: dict[str, bytes], tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(printed["scanned"])
    assert len(PdfReader(path).pages) >= 1
    message = _refused(path)
    assert "no text layer" in message
    assert "ocrmypdf" in message


def test_blank_pdf_suggests_ocr(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    path = tmp_path / "blank.pdf"
    writer.write(path)
    assert "no text layer" in _refused(path)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "could not be read"),
        ("fake.pdf", b"hello, I am not a PDF", "not a PDF file"),
        ("fake.docx", b"PK\x03\x04 not really a zip", "could not be read"),
        ("empty.pdf", b"", "is empty"),
        ("empty.md", b"", "is empty"),
        ("spaces.txt", b"  \n\n ", "is empty"),
        ("latin1.txt", "Café Olé\nx@y.example".encode("latin-1"), "not UTF-8"),
        ("resume.doc", b"\xd0\xcf\x11\xe0", "save it as .docx"),
        ("resume.xyz", b"data", "supported: .docx, .json, .markdown, .md, .pdf, .text, .txt"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    message = _refused(path)
    assert expected in message
    assert str(path) in message


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "could not be read" in _refused(path)


def test_missing_file(tmp_path: Path) -> None:
    assert "does not exist" in _refused(tmp_path / "nowhere.pdf")


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("bad.json", '{\n  "basics": {\n    "name": "A",,\n  }\n}', "line 3, column 17"),
        ("bad.yaml", "basics:\n  name: A\n   email: [x\n", "line 3, column 9"),
    ],
)
def test_invalid_json_and_yaml_say_where(
    tmp_path: Path, name: str, content: str, where: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    assert where in _refused(path)


def test_invalid_json_resume_reports_paths(tmp_path: Path) -> None:
    data = json.loads(sample_candidate_path().read_text())
    data["basics"]["email"] = "not an address"
    data["work"][0]["startDate"] = "last spring"
    path = tmp_path / "me.json"
    path.write_text(json.dumps(data))
    message = _refused(path)
    assert "basics.email: String should match pattern" in message
    assert "work[0].startDate: 'last spring' is not a date" in message


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("Jo Smith\n+1 555 010 0000\n\nSkills\nPython", "no email address found"),
        ("jo@smith.example | +1 555 010 0000\n\nSkills\nPython", "no name found"),
    ],
)
def test_resume_without_name_or_email(tmp_path: Path, text: str, missing: str) -> None:
    path = tmp_path / "jo.txt"
    path.write_text(text)
    message = _refused(path)
    assert missing in message
    assert "JSON Resume" in message


def test_cli_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "resume.rtf"
    path.write_text("{\\rtf1 hello}")
    result = run_ajob("resume", "import", str(path))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "unsupported file type '.rtf'" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_prints_the_imported_document(tmp_path: Path) -> None:
    path = tmp_path / "jordan.txt"
    path.write_text(PLAIN_TEXT_RESUME)
    result = run_ajob("resume", "import", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["basics"]["name"] == "Jordan A. Lee"
