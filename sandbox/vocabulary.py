"""The fixed material the catalogue is generated from: companies, cities, role families, skills.

Everything here is fictional. Companies are listed with their ATS and job count so the shape of
the catalogue (which boards exist, how many jobs each has) is readable without running it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Place:
    city: str
    region: str
    """State code in the US, region name elsewhere."""
    region_name: str
    country: str
    """ISO 3166-1 alpha-2, upper case."""
    country_name: str

    @property
    def label(self) -> str:
        """How job boards usually write it: "Austin, TX" in the US, "Berlin, Germany" elsewhere."""
        if self.country == "US":
            return f"{self.city}, {self.region}"
        return f"{self.city}, {self.country_name}"


PLACES: Final[dict[str, Place]] = {
    p.city: p
    for p in (
        Place("San Francisco", "CA", "California", "US", "United States"),
        Place("New York", "NY", "New York", "US", "United States"),
        Place("Austin", "TX", "Texas", "US", "United States"),
        Place("Seattle", "WA", "Washington", "US", "United States"),
        Place("Boston", "MA", "Massachusetts", "US", "United States"),
        Place("Chicago", "IL", "Illinois", "US", "United States"),
        Place("Denver", "CO", "Colorado", "US", "United States"),
        Place("Berlin", "Berlin", "Berlin", "DE", "Germany"),
        Place("Amsterdam", "North Holland", "North Holland", "NL", "Netherlands"),
        Place("London", "England", "England", "GB", "United Kingdom"),
        Place("Dublin", "Leinster", "Leinster", "IE", "Ireland"),
        Place("Paris", "Île-de-France", "Île-de-France", "FR", "France"),
        Place("Barcelona", "Catalonia", "Catalonia", "ES", "Spain"),
        Place("Lisbon", "Lisbon", "Lisbon", "PT", "Portugal"),
        Place("Stockholm", "Stockholm", "Stockholm", "SE", "Sweden"),
    )
}


@dataclass(frozen=True)
class CompanySpec:
    slug: str
    name: str
    ats: str
    offices: tuple[str, ...]
    """City names from PLACES; the first is headquarters."""
    industry: str
    size: str
    high_concept: str
    remote_share: float
    """Fraction of this company's jobs that are remote."""
    jobs: int
    legal_suffix: str
    """How aggregators sometimes print the legal name: ", Inc.", " GmbH", ..."""


COMPANIES: Final[tuple[CompanySpec, ...]] = (
    CompanySpec(
        "northwind",
        "Northwind Labs",
        "greenhouse",
        ("San Francisco", "New York"),
        "Computer Software",
        "201-500",
        "Developer tooling that turns flaky CI pipelines into fast, reliable ones",
        0.5,
        12,
        ", Inc.",
    ),
    CompanySpec(
        "bluefin",
        "Bluefin Analytics",
        "greenhouse",
        ("Boston", "Chicago"),
        "Data Infrastructure",
        "51-200",
        "A warehouse-native analytics platform for operations teams",
        0.6,
        10,
        " Inc",
    ),
    CompanySpec(
        "copperleaf",
        "Copperleaf Health",
        "greenhouse",
        ("Seattle",),
        "Health Care",
        "501-1000",
        "Care coordination software used by 400 clinics",
        0.3,
        11,
        ", Inc.",
    ),
    CompanySpec(
        "tidewater",
        "Tidewater Logistics",
        "greenhouse",
        ("Chicago", "Austin"),
        "Logistics",
        "1001-5000",
        "Freight visibility and routing for mid-size shippers",
        0.25,
        9,
        " LLC",
    ),
    CompanySpec(
        "lumenforge",
        "Lumen Forge",
        "greenhouse",
        ("Austin",),
        "Computer Games",
        "51-200",
        "Multiplayer backend services for independent game studios",
        0.7,
        10,
        ", Inc.",
    ),
    CompanySpec(
        "parallax",
        "Parallax Payments",
        "lever",
        ("New York", "San Francisco"),
        "Financial Services",
        "201-500",
        "Payment orchestration for marketplaces",
        0.4,
        10,
        ", Inc.",
    ),
    CompanySpec(
        "kestrel",
        "Kestrel Robotics",
        "lever",
        ("Boston",),
        "Robotics",
        "51-200",
        "Autonomous inspection robots for warehouses",
        0.2,
        9,
        " Inc.",
    ),
    CompanySpec(
        "orchard",
        "Orchard Learning",
        "lever",
        ("Denver", "Seattle"),
        "E-Learning",
        "201-500",
        "Adaptive courses for vocational training",
        0.7,
        8,
        ", PBC",
    ),
    CompanySpec(
        "quarry",
        "Quarry Security",
        "lever",
        ("San Francisco",),
        "Computer & Network Security",
        "51-200",
        "Cloud posture management for small security teams",
        0.6,
        9,
        ", Inc.",
    ),
    CompanySpec(
        "brightwell",
        "Brightwell Energy",
        "lever_eu",
        ("Berlin", "Amsterdam"),
        "Renewables & Environment",
        "201-500",
        "Software that balances home batteries against the grid",
        0.4,
        9,
        " GmbH",
    ),
    CompanySpec(
        "fjordline",
        "Fjordline Software",
        "lever_eu",
        ("Stockholm", "Lisbon"),
        "Computer Software",
        "51-200",
        "Offline-first field service apps for utilities",
        0.6,
        8,
        " AB",
    ),
    CompanySpec(
        "helixbio",
        "Helix Bio",
        "ashby",
        ("Boston", "San Francisco"),
        "Biotechnology",
        "51-200",
        "A lab data platform for protein engineering teams",
        0.3,
        9,
        ", Inc.",
    ),
    CompanySpec(
        "mosaicdata",
        "Mosaic Data",
        "ashby",
        ("New York",),
        "Computer Software",
        "11-50",
        "Open-source change data capture with a managed cloud",
        0.8,
        8,
        " Inc.",
    ),
    CompanySpec(
        "stratus",
        "Stratus Labs",
        "ashby",
        ("London", "Dublin"),
        "Cloud Computing",
        "51-200",
        "Cost-aware autoscaling for Kubernetes clusters",
        0.6,
        10,
        " Ltd",
    ),
    CompanySpec(
        "saffron",
        "Saffron Commerce",
        "ashby",
        ("Barcelona", "Paris"),
        "Retail",
        "51-200",
        "Storefront search and merchandising for independent brands",
        0.5,
        7,
        " S.L.",
    ),
    CompanySpec(
        "meridian",
        "Meridian Retail Group",
        "smartrecruiters",
        ("Chicago", "Denver"),
        "Retail",
        "5001-10000",
        "Omnichannel retail across 300 stores",
        0.2,
        8,
        ", Inc.",
    ),
    CompanySpec(
        "harborview",
        "Harborview Media",
        "smartrecruiters",
        ("New York", "London"),
        "Online Media",
        "501-1000",
        "Local news sites and the publishing platform behind them",
        0.4,
        9,
        " LLC",
    ),
    CompanySpec(
        "alder",
        "Alder Insurance",
        "smartrecruiters",
        ("Dublin", "Paris"),
        "Insurance",
        "1001-5000",
        "Usage-based insurance for small fleets",
        0.3,
        7,
        " DAC",
    ),
    CompanySpec(
        "granitebank",
        "Granite Bank",
        "workday",
        ("New York", "Chicago", "Austin"),
        "Banking",
        "10001+",
        "A regional bank rebuilding its core platform in the cloud",
        0.15,
        22,
        ", N.A.",
    ),
    CompanySpec(
        "summithealth",
        "Summit Health Systems",
        "workday",
        ("Denver", "Seattle"),
        "Hospital & Health Care",
        "10001+",
        "A hospital network with an in-house digital health team",
        0.25,
        15,
        ", Inc.",
    ),
)


@dataclass(frozen=True)
class Family:
    """A kind of role: the titles it uses and the skills its descriptions mention."""

    key: str
    department: str
    teams: tuple[str, ...]
    titles: tuple[str, ...]
    core_skills: tuple[str, ...]
    supporting_skills: tuple[str, ...]
    focus: tuple[str, ...]
    """What the person will do, as verb phrases."""
    weight: int
    intern_title: str | None = None


FAMILIES: Final[tuple[Family, ...]] = (
    Family(
        "backend",
        "Engineering",
        ("Platform", "Payments", "Core API", "Integrations"),
        ("Backend Engineer", "Software Engineer, Backend"),
        ("Python", "Go", "Java", "Ruby", "Node.js"),
        ("PostgreSQL", "Redis", "Kafka", "gRPC", "AWS", "Docker", "Kubernetes", "MySQL"),
        (
            "design and build the services behind our public API",
            "own data models and migrations for high-volume tables",
            "improve the latency and reliability of our core request path",
            "work with product to turn customer problems into small, shippable changes",
            "review code and mentor engineers on the team",
        ),
        8,
        "Software Engineering Intern",
    ),
    Family(
        "frontend",
        "Engineering",
        ("Web", "Growth", "Design Systems"),
        ("Frontend Engineer", "Software Engineer, Frontend"),
        ("TypeScript", "React", "JavaScript"),
        ("Next.js", "GraphQL", "CSS", "Storybook", "Jest", "Playwright", "Vue.js"),
        (
            "build accessible, fast interfaces used by thousands of customers a day",
            "evolve our component library and design system",
            "measure and improve Core Web Vitals",
            "pair with designers from the first sketch to release",
        ),
        6,
    ),
    Family(
        "fullstack",
        "Engineering",
        ("Product Engineering", "Growth", "Internal Tools"),
        ("Full Stack Engineer", "Software Engineer, Full Stack"),
        ("TypeScript", "React", "Python", "Ruby on Rails", "Django"),
        ("PostgreSQL", "GraphQL", "Node.js", "AWS", "Redis"),
        (
            "ship features end to end, from the database to the UI",
            "own small product areas and their metrics",
            "keep our test suite fast and trustworthy",
        ),
        6,
    ),
    Family(
        "mobile",
        "Engineering",
        ("Mobile",),
        ("iOS Engineer", "Android Engineer", "Mobile Engineer"),
        ("Swift", "Kotlin", "React Native"),
        ("SwiftUI", "Jetpack Compose", "GraphQL", "Firebase", "CI/CD"),
        (
            "build and release our iOS and Android apps every two weeks",
            "improve app start time and crash-free sessions",
            "work with backend engineers on the APIs the apps use",
        ),
        3,
    ),
    Family(
        "sre",
        "Infrastructure",
        ("Infrastructure", "Reliability", "Developer Platform"),
        ("Site Reliability Engineer", "SRE", "DevOps Engineer", "Platform Engineer"),
        ("Kubernetes", "Terraform", "AWS", "GCP"),
        ("Prometheus", "Grafana", "Linux", "Go", "Python", "Helm", "PostgreSQL"),
        (
            "run the Kubernetes clusters every service deploys to",
            "define SLOs with service owners and hold the line on them",
            "automate away toil in our deploy and incident processes",
            "take part in a humane on-call rotation",
        ),
        5,
    ),
    Family(
        "data_eng",
        "Data",
        ("Data Platform", "Analytics"),
        ("Data Engineer", "Analytics Engineer"),
        ("Python", "SQL", "Spark", "dbt"),
        ("Airflow", "Snowflake", "Kafka", "BigQuery", "PostgreSQL", "AWS"),
        (
            "build and operate batch and streaming pipelines",
            "model data so analysts can answer questions without us",
            "own data quality checks and their alerts",
        ),
        5,
        "Data Engineering Intern",
    ),
    Family(
        "data_sci",
        "Data",
        ("Machine Learning", "Data Science"),
        ("Data Scientist", "Machine Learning Engineer"),
        ("Python", "PyTorch", "SQL", "scikit-learn"),
        ("TensorFlow", "MLflow", "Spark", "Kubernetes", "pandas", "LLMs"),
        (
            "train, evaluate and ship models that run in production",
            "design experiments and explain their results to the business",
            "build the feature pipelines our models depend on",
        ),
        4,
        "Data Science Intern",
    ),
    Family(
        "security",
        "Security",
        ("Security",),
        ("Security Engineer", "Application Security Engineer"),
        ("Python", "Go", "AWS"),
        ("Kubernetes", "threat modeling", "SIEM", "OWASP", "Terraform"),
        (
            "review designs and code for security issues",
            "build guardrails into our CI and cloud accounts",
            "lead incident response when something goes wrong",
        ),
        2,
    ),
    Family(
        "qa",
        "Engineering",
        ("Quality",),
        ("QA Automation Engineer", "Software Engineer in Test"),
        ("Playwright", "Cypress", "Python", "TypeScript"),
        ("CI/CD", "Selenium", "Jest", "Docker"),
        (
            "build the end-to-end test suites that gate every release",
            "make flaky tests a thing of the past",
            "coach engineers on testing strategy",
        ),
        2,
    ),
    Family(
        "design",
        "Design",
        ("Product Design", "Research"),
        ("Product Designer", "UX Designer", "UX Researcher"),
        ("Figma", "prototyping", "user research"),
        ("design systems", "accessibility", "usability testing", "HTML/CSS"),
        (
            "design product flows from research to polished UI",
            "run usability studies and share what we learn",
            "contribute to our design system",
        ),
        3,
    ),
    Family(
        "product",
        "Product",
        ("Product",),
        ("Product Manager", "Technical Product Manager"),
        ("SQL", "roadmapping", "A/B testing"),
        ("Amplitude", "Jira", "user interviews", "APIs"),
        (
            "decide what we build next, and why, with engineering and design",
            "talk to customers every week",
            "define success metrics and report on them",
        ),
        3,
    ),
    Family(
        "manager",
        "Engineering",
        ("Platform", "Product Engineering", "Infrastructure"),
        ("Engineering Manager",),
        ("Python", "Go", "TypeScript"),
        ("Kubernetes", "AWS", "PostgreSQL", "hiring", "agile"),
        (
            "lead a team of five to eight engineers",
            "hire, coach and grow engineers",
            "own delivery and operational health for your team's services",
        ),
        2,
    ),
)

SENIORITY_PREFIX: Final[dict[str, str]] = {
    "junior": "Junior ",
    "mid": "",
    "senior": "Senior ",
    "staff": "Staff ",
    "principal": "Principal ",
    "lead": "Lead ",
}
SENIORITY_WEIGHTS: Final[dict[str, int]] = {
    "junior": 10,
    "mid": 30,
    "senior": 35,
    "staff": 12,
    "principal": 5,
    "lead": 8,
}
YEARS: Final[dict[str, int]] = {
    "intern": 0,
    "junior": 1,
    "mid": 3,
    "senior": 5,
    "staff": 8,
    "principal": 10,
    "lead": 7,
}
BASE_SALARY_USD: Final[dict[str, tuple[int, int]]] = {
    "junior": (90_000, 115_000),
    "mid": (120_000, 150_000),
    "senior": (150_000, 190_000),
    "staff": (185_000, 235_000),
    "principal": (210_000, 270_000),
    "lead": (170_000, 215_000),
}
CURRENCY_FACTOR: Final[dict[str, float]] = {"USD": 1.0, "EUR": 0.55, "GBP": 0.5}

BENEFITS: Final[tuple[str, ...]] = (
    "Medical, dental and vision cover for you and your dependants",
    "A home-office budget and a new laptop",
    "25 days of paid holiday plus public holidays",
    "A yearly learning budget for books, courses and conferences",
    "Sixteen weeks of paid parental leave",
    "A retirement plan with a company match",
    "Flexible working hours around a few core hours",
    "Equity in the company",
)

HN_HANDLES: Final[tuple[str, ...]] = (
    "jkrane",
    "mlopez_dev",
    "throwaway_hiring",
    "pgsmith",
    "ravikt",
    "annaw",
    "tomasz_k",
    "bytewise",
    "lfrancois",
    "quietcoder",
    "sam_oduya",
    "hkimura",
)
