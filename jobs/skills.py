"""A curated skill vocabulary, and finding those skills in job descriptions and resumes.

Ranking compares skills by canonical name ("PostgreSQL", never "postgres" or "psql"),
so both sides of the comparison go through the same alias table. The vocabulary is
hand-curated instead of learned so that every match can be explained and tested.

How text is matched, and why it is fast enough for 100,000 descriptions:

- Text is lower-cased once and cut into words: runs of letters, digits, ``+`` and ``#``
  (so ``c++`` and ``c#`` stay whole; dots, hyphens and slashes separate). One-word
  aliases are found by intersecting the set of words with the alias table, in C.
- Aliases of several words, or with dots (``machine learning``, ``ci/cd``,
  ``scikit-learn``, ``node.js``), are only searched for when all their words are in the
  text, and then match with any run of spaces, hyphens or slashes between the words. A
  one-word alias that also ends a dotted one ("js" in "node.js") must not follow a dot.
- Names that are also ordinary English words need more than a token match:

  * *Case-sensitive* names (``React``, ``Spark``, ``Swift``, ``Rust``, ``Rails``, ``REST``,
    ``Excel``...) count only when written in their usual case, never as part of a
    hyphenated compound, and not when followed by words such as "to" or "the" ("React
    to incidents") or preceded by words such as "let's".
  * *Context* names, the one- and two-letter ones (``Go``, ``C``, ``R``), also need a
    skill context: written in their usual case and followed by a list separator
    (``,`` ``/`` ``;`` ``|`` ``(`` ``)`` ``:`` or the end of the line) or by a word such
    as "and", "or", "developer", "experience", or else preceded by a list separator or
    by "with", "in", "using", "like", "including", "of", "and", "or". A hyphen on
    either side ("go-to-market", "C-suite") and words such as "to", "ahead", "live"
    right after rule them out, as do words such as "Series" before ("Series C"); after a
    single letter, a full stop is no separator ("Vitamin C.", "John C. Smith").

  In lower case, either kind counts only inside a list, between separators or "and"/"or"
  ("python, go, rust"). Resume keywords are names given as skills, so there "go" is Go.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

SKILLS: Mapping[str, tuple[str, ...]] = {
    # Languages
    "Python": ("python", "python3", "python 3"),
    "Java": ("java",),
    "JavaScript": ("javascript", "js", "ecmascript", "es6", "es2015"),
    "TypeScript": ("typescript",),
    "Go": ("golang",),
    "Rust": (),
    "C": (),
    "C++": ("c++", "cpp", "c plus plus"),
    "C#": ("c#", "csharp", "c sharp"),
    "Ruby": ("ruby",),
    "PHP": ("php",),
    "Kotlin": ("kotlin",),
    "Swift": (),
    "Objective-C": ("objective-c", "objc", "obj-c"),
    "Scala": ("scala",),
    "R": (),
    "Julia": (),
    "Perl": ("perl",),
    "Haskell": ("haskell",),
    "Elixir": ("elixir",),
    "Erlang": ("erlang",),
    "Clojure": ("clojure",),
    "F#": ("f#",),
    "OCaml": ("ocaml",),
    "Dart": (),
    "Lua": ("lua",),
    "MATLAB": ("matlab",),
    "Groovy": ("groovy",),
    "VBA": ("vba",),
    "Fortran": ("fortran",),
    "COBOL": ("cobol",),
    "Solidity": ("solidity",),
    "Zig": ("zig",),
    "SQL": ("sql",),
    "T-SQL": ("t-sql", "tsql"),
    "PL/SQL": ("pl/sql", "plsql"),
    "Bash": ("bash", "shell scripting", "shell scripts"),
    "PowerShell": ("powershell",),
    "HTML": ("html", "html5"),
    "CSS": ("css", "css3"),
    "Sass": ("sass", "scss"),
    "GraphQL": ("graphql",),
    "WebAssembly": ("webassembly", "wasm"),
    # Front end and mobile
    "React": ("react.js", "reactjs"),
    "React Native": ("react native",),
    "Angular": ("angular", "angularjs", "angular.js"),
    "Vue.js": ("vue", "vue.js", "vuejs", "vue 3"),
    "Svelte": ("svelte", "sveltekit"),
    "Next.js": ("next.js", "nextjs"),
    "Nuxt": ("nuxt", "nuxt.js", "nuxtjs"),
    "Redux": ("redux",),
    "jQuery": ("jquery",),
    "Tailwind CSS": ("tailwind", "tailwindcss", "tailwind css"),
    "Bootstrap": (),
    "Webpack": ("webpack",),
    "Vite": ("vite",),
    "Storybook": ("storybook",),
    "Three.js": ("three.js", "threejs"),
    "D3.js": ("d3", "d3.js", "d3js"),
    "Ember.js": ("ember.js", "emberjs"),
    "Gatsby": ("gatsby", "gatsbyjs"),
    "Material UI": ("material ui", "material-ui", "mui"),
    "Node.js": ("node.js", "nodejs"),
    "Deno": ("deno",),
    "Express": ("express.js", "expressjs"),
    "NestJS": ("nestjs", "nest.js"),
    "iOS": ("ios",),
    "Android": ("android",),
    "SwiftUI": ("swiftui",),
    "UIKit": ("uikit",),
    "Jetpack Compose": ("jetpack compose",),
    "Flutter": ("flutter",),
    "Xamarin": ("xamarin",),
    "Ionic": (),
    # Back end
    "Django": ("django",),
    "Flask": (),
    "FastAPI": ("fastapi",),
    "Ruby on Rails": ("ruby on rails", "ror"),
    "Spring": (),
    "Spring Boot": ("spring boot", "springboot"),
    ".NET": (".net", "dotnet", "asp.net", ".net core", "asp.net core"),
    "Laravel": ("laravel",),
    "Symfony": ("symfony",),
    "Celery": ("celery",),
    "SQLAlchemy": ("sqlalchemy",),
    "Pydantic": ("pydantic",),
    "Hibernate": ("hibernate",),
    "gRPC": ("grpc",),
    "REST": ("restful", "rest api", "rest apis"),
    "Microservices": ("microservices", "microservice", "micro-services"),
    "WebSockets": ("websocket", "websockets"),
    "OAuth": ("oauth", "oauth2", "oauth 2.0"),
    "OpenAPI": ("openapi", "swagger"),
    "Protobuf": ("protobuf", "protocol buffers"),
    "Distributed Systems": ("distributed systems", "distributed computing"),
    "System Design": ("system design", "systems design"),
    "API Design": ("api design",),
    "Domain-Driven Design": ("domain-driven design", "ddd"),
    "Event-Driven Architecture": ("event-driven architecture", "event driven architecture"),
    # Data stores
    "PostgreSQL": ("postgresql", "postgres", "psql", "postgre"),
    "MySQL": ("mysql",),
    "MariaDB": ("mariadb",),
    "SQLite": ("sqlite",),
    "Oracle Database": ("oracle", "oracle db", "oracle database"),
    "SQL Server": ("sql server", "mssql", "ms sql"),
    "MongoDB": ("mongodb", "mongo"),
    "Redis": ("redis",),
    "Memcached": ("memcached", "memcache"),
    "Cassandra": ("cassandra",),
    "DynamoDB": ("dynamodb", "dynamo db"),
    "Elasticsearch": ("elasticsearch", "elastic search"),
    "OpenSearch": ("opensearch",),
    "Solr": ("solr",),
    "Neo4j": ("neo4j",),
    "CockroachDB": ("cockroachdb",),
    "ClickHouse": ("clickhouse",),
    "Snowflake": (),
    "BigQuery": ("bigquery", "big query"),
    "Redshift": ("redshift",),
    "Databricks": ("databricks",),
    "Firebase": ("firebase",),
    "Supabase": ("supabase",),
    "Couchbase": ("couchbase",),
    "InfluxDB": ("influxdb",),
    "TimescaleDB": ("timescaledb", "timescale"),
    "DuckDB": ("duckdb",),
    "Pinecone": ("pinecone",),
    "NoSQL": ("nosql",),
    # Messaging, streaming and data engineering
    "Kafka": ("kafka", "apache kafka"),
    "RabbitMQ": ("rabbitmq",),
    "Amazon SQS": ("sqs",),
    "ActiveMQ": ("activemq",),
    "Pub/Sub": ("pub/sub", "pubsub"),
    "Kinesis": ("kinesis",),
    "Flink": ("flink", "apache flink"),
    "Spark": ("pyspark", "apache spark", "spark streaming"),
    "Hadoop": ("hadoop", "hdfs", "mapreduce"),
    "Hive": ("apache hive",),
    "Apache Beam": ("apache beam",),
    "Airflow": ("airflow", "apache airflow"),
    "dbt": ("dbt",),
    "Dagster": ("dagster",),
    "Prefect": (),
    "Trino": ("trino", "presto", "prestodb"),
    "ETL": ("etl", "elt"),
    "Data Modeling": ("data modeling", "data modelling"),
    "Data Warehousing": ("data warehousing", "data warehouse", "data warehouses"),
    # Cloud
    "AWS": ("aws", "amazon web services"),
    "GCP": ("gcp", "google cloud", "google cloud platform"),
    "Azure": ("azure", "microsoft azure"),
    "DigitalOcean": ("digitalocean",),
    "Heroku": ("heroku",),
    "Cloudflare": ("cloudflare",),
    "Vercel": ("vercel",),
    "Netlify": ("netlify",),
    "EC2": ("ec2",),
    "S3": ("s3",),
    "AWS Lambda": ("aws lambda",),
    "ECS": ("ecs", "fargate"),
    "EKS": ("eks",),
    "GKE": ("gke",),
    "RDS": ("rds",),
    "CloudFormation": ("cloudformation",),
    "CloudWatch": ("cloudwatch",),
    "IAM": ("iam",),
    "Serverless": ("serverless",),
    "OpenStack": ("openstack",),
    # DevOps and infrastructure
    "Docker": ("docker", "dockerfile"),
    "Kubernetes": ("kubernetes", "k8s", "kube"),
    "Helm": (),
    "Terraform": ("terraform",),
    "Pulumi": ("pulumi",),
    "Ansible": ("ansible",),
    "Chef": (),
    "Puppet": (),
    "Packer": (),
    "Vagrant": ("vagrant",),
    "Podman": ("podman",),
    "Jenkins": ("jenkins",),
    "GitHub Actions": ("github actions",),
    "GitLab CI": ("gitlab ci", "gitlab ci/cd"),
    "CircleCI": ("circleci", "circle ci"),
    "Travis CI": ("travis ci", "travisci"),
    "Argo CD": ("argocd", "argo cd"),
    "CI/CD": (
        "ci/cd",
        "ci",
        "cicd",
        "continuous integration",
        "continuous delivery",
        "continuous deployment",
    ),
    "Git": ("git",),
    "GitHub": ("github",),
    "GitLab": ("gitlab",),
    "Bitbucket": ("bitbucket",),
    "Linux": ("linux", "ubuntu", "debian", "rhel", "centos"),
    "Unix": ("unix",),
    "Nginx": ("nginx",),
    "HAProxy": ("haproxy",),
    "Envoy": ("envoy proxy",),
    "Istio": ("istio",),
    "Service Mesh": ("service mesh",),
    "Consul": (),
    "Vault": ("hashicorp vault",),
    "Nomad": (),
    "Prometheus": ("prometheus",),
    "Grafana": ("grafana",),
    "Datadog": ("datadog",),
    "New Relic": ("new relic", "newrelic"),
    "Splunk": ("splunk",),
    "ELK Stack": ("elk", "elk stack", "kibana", "logstash"),
    "OpenTelemetry": ("opentelemetry", "otel"),
    "Jaeger": ("jaeger",),
    "Sentry": ("sentry",),
    "PagerDuty": ("pagerduty",),
    "Observability": ("observability",),
    "Bazel": ("bazel",),
    "Gradle": ("gradle",),
    "Maven": ("maven",),
    "CMake": ("cmake",),
    "TCP/IP": ("tcp/ip", "tcp"),
    "DNS": ("dns",),
    # Data science, ML and AI
    "Pandas": ("pandas",),
    "NumPy": ("numpy",),
    "SciPy": ("scipy",),
    "scikit-learn": ("scikit-learn", "sklearn", "scikit learn"),
    "PyTorch": ("pytorch",),
    "TensorFlow": ("tensorflow",),
    "Keras": ("keras",),
    "JAX": ("jax",),
    "XGBoost": ("xgboost",),
    "LightGBM": ("lightgbm",),
    "Hugging Face": ("hugging face", "huggingface"),
    "LangChain": ("langchain",),
    "LangGraph": ("langgraph",),
    "LlamaIndex": ("llamaindex", "llama index"),
    "LLMs": ("llm", "llms", "large language model", "large language models"),
    "RAG": ("retrieval-augmented generation", "retrieval augmented generation"),
    "NLP": ("nlp", "natural language processing"),
    "Computer Vision": ("computer vision",),
    "Machine Learning": ("machine learning", "ml"),
    "Deep Learning": ("deep learning",),
    "MLOps": ("mlops",),
    "MLflow": ("mlflow",),
    "Kubeflow": ("kubeflow",),
    "Jupyter": ("jupyter", "jupyter notebooks"),
    "OpenCV": ("opencv",),
    "CUDA": ("cuda",),
    "Matplotlib": ("matplotlib",),
    "Statistics": ("statistics", "statistical modeling", "statistical analysis"),
    "A/B Testing": ("a/b testing", "a/b tests", "ab testing"),
    "Tableau": ("tableau",),
    "Power BI": ("power bi", "powerbi"),
    "Looker": ("looker",),
    "Metabase": ("metabase",),
    "Excel": (),
    # Testing
    "pytest": ("pytest",),
    "Jest": (),
    "Cypress": (),
    "Playwright": ("playwright",),
    "Selenium": ("selenium",),
    "JUnit": ("junit",),
    "Mocha": (),
    "TDD": ("tdd", "test-driven development", "test driven development"),
    # Security
    "OWASP": ("owasp",),
    "Penetration Testing": ("penetration testing", "pentesting"),
    "SOC 2": ("soc 2", "soc2"),
    "ISO 27001": ("iso 27001",),
    "SIEM": ("siem",),
    # Embedded, systems, games, web3
    "Embedded Systems": ("embedded systems", "embedded software", "firmware"),
    "RTOS": ("rtos",),
    "FPGA": ("fpga",),
    "Verilog": ("verilog", "systemverilog"),
    "VHDL": ("vhdl",),
    "Unity": (),
    "Unreal Engine": ("unreal engine", "unreal"),
    "OpenGL": ("opengl",),
    "Vulkan": ("vulkan",),
    "WebRTC": ("webrtc",),
    "Blockchain": ("blockchain",),
    "Ethereum": ("ethereum",),
    "Web3": ("web3",),
    # Design
    "Figma": ("figma",),
    "Sketch": (),
    "Adobe XD": ("adobe xd",),
    "Photoshop": ("photoshop",),
    "Illustrator": ("adobe illustrator",),
    "InDesign": ("indesign",),
    "After Effects": ("after effects",),
    "User Research": ("user research", "usability testing"),
    "UX Design": ("ux", "ux design", "user experience"),
    "UI Design": ("ui design", "user interface design", "ui/ux"),
    "Prototyping": ("prototyping",),
    "Wireframing": ("wireframing", "wireframes"),
    "Design Systems": ("design system", "design systems"),
    "Accessibility": ("accessibility", "a11y", "wcag"),
    # Product, project and business
    "Agile": ("agile",),
    "Scrum": ("scrum",),
    "Kanban": ("kanban",),
    "Jira": ("jira",),
    "Confluence": ("confluence",),
    "Product Management": ("product management",),
    "Project Management": ("project management",),
    "Stakeholder Management": ("stakeholder management",),
    "Technical Writing": ("technical writing",),
    "Salesforce": ("salesforce",),
    "HubSpot": ("hubspot",),
    "SEO": ("seo",),
    "SEM": ("sem",),
    "Google Analytics": ("google analytics",),
    "Copywriting": ("copywriting",),
    "Content Marketing": ("content marketing",),
    "SAP": (),
    "ServiceNow": ("servicenow",),
    "Zendesk": ("zendesk",),
    "Marketo": ("marketo",),
    "Financial Modeling": ("financial modeling", "financial modelling"),
}
"""Canonical name → aliases, all lower case. The canonical name, lower-cased, is an alias
too unless it is one of ``AMBIGUOUS`` below."""


class _Rule(Enum):
    CASE = "case"
    CONTEXT = "context"


@dataclass(frozen=True)
class _Ambiguous:
    form: str
    canonical: str
    rule: _Rule


AMBIGUOUS: Mapping[str, _Ambiguous] = {
    word: _Ambiguous(form, canonical, rule)
    for word, form, canonical, rule in (
        ("go", "Go", "Go", _Rule.CONTEXT),
        ("c", "C", "C", _Rule.CONTEXT),
        ("r", "R", "R", _Rule.CONTEXT),
        ("rust", "Rust", "Rust", _Rule.CASE),
        ("swift", "Swift", "Swift", _Rule.CASE),
        ("julia", "Julia", "Julia", _Rule.CASE),
        ("dart", "Dart", "Dart", _Rule.CASE),
        ("react", "React", "React", _Rule.CASE),
        ("node", "Node", "Node.js", _Rule.CASE),
        ("express", "Express", "Express", _Rule.CASE),
        ("ember", "Ember", "Ember.js", _Rule.CASE),
        ("bootstrap", "Bootstrap", "Bootstrap", _Rule.CASE),
        ("ionic", "Ionic", "Ionic", _Rule.CASE),
        ("flask", "Flask", "Flask", _Rule.CASE),
        ("rails", "Rails", "Ruby on Rails", _Rule.CASE),
        ("spring", "Spring", "Spring", _Rule.CASE),
        ("rest", "REST", "REST", _Rule.CASE),
        ("spark", "Spark", "Spark", _Rule.CASE),
        ("hive", "Hive", "Hive", _Rule.CASE),
        ("prefect", "Prefect", "Prefect", _Rule.CASE),
        ("snowflake", "Snowflake", "Snowflake", _Rule.CASE),
        ("lambda", "Lambda", "AWS Lambda", _Rule.CASE),
        ("helm", "Helm", "Helm", _Rule.CASE),
        ("chef", "Chef", "Chef", _Rule.CASE),
        ("puppet", "Puppet", "Puppet", _Rule.CASE),
        ("packer", "Packer", "Packer", _Rule.CASE),
        ("consul", "Consul", "Consul", _Rule.CASE),
        ("vault", "Vault", "Vault", _Rule.CASE),
        ("nomad", "Nomad", "Nomad", _Rule.CASE),
        ("envoy", "Envoy", "Envoy", _Rule.CASE),
        ("excel", "Excel", "Excel", _Rule.CASE),
        ("jest", "Jest", "Jest", _Rule.CASE),
        ("cypress", "Cypress", "Cypress", _Rule.CASE),
        ("mocha", "Mocha", "Mocha", _Rule.CASE),
        ("unity", "Unity", "Unity", _Rule.CASE),
        ("sketch", "Sketch", "Sketch", _Rule.CASE),
        ("illustrator", "Illustrator", "Illustrator", _Rule.CASE),
        ("rag", "RAG", "RAG", _Rule.CASE),
        ("sap", "SAP", "SAP", _Rule.CASE),
    )
}
"""Names that are also ordinary words: lower-case word → usual spelling, canonical name,
and which rule (see the module docstring) decides whether an occurrence is the skill."""

IMPLIES: Mapping[str, tuple[str, ...]] = {
    "Django": ("Python",),
    "Flask": ("Python",),
    "FastAPI": ("Python",),
    "Celery": ("Python",),
    "SQLAlchemy": ("Python",),
    "Pydantic": ("Python",),
    "pytest": ("Python",),
    "Pandas": ("Python",),
    "NumPy": ("Python",),
    "PyTorch": ("Python",),
    "Ruby on Rails": ("Ruby",),
    "Spring Boot": ("Spring", "Java"),
    "Spring": ("Java",),
    "Hibernate": ("Java",),
    "Laravel": ("PHP",),
    "Symfony": ("PHP",),
    "TypeScript": ("JavaScript",),
    "React": ("JavaScript",),
    "React Native": ("React", "JavaScript"),
    "Next.js": ("React", "JavaScript"),
    "Vue.js": ("JavaScript",),
    "Nuxt": ("Vue.js", "JavaScript"),
    "Angular": ("TypeScript", "JavaScript"),
    "Node.js": ("JavaScript",),
    "Express": ("Node.js", "JavaScript"),
    "NestJS": ("Node.js", "TypeScript", "JavaScript"),
    "SwiftUI": ("Swift", "iOS"),
    "UIKit": ("Swift", "iOS"),
    "Jetpack Compose": ("Kotlin", "Android"),
    "Flutter": ("Dart",),
    "PostgreSQL": ("SQL",),
    "MySQL": ("SQL",),
    "MariaDB": ("SQL",),
    "SQLite": ("SQL",),
    "SQL Server": ("SQL",),
    "T-SQL": ("SQL",),
    "PL/SQL": ("SQL",),
    "BigQuery": ("SQL",),
    "Redshift": ("SQL",),
    "Snowflake": ("SQL",),
    "EC2": ("AWS",),
    "S3": ("AWS",),
    "AWS Lambda": ("AWS", "Serverless"),
    "ECS": ("AWS",),
    "EKS": ("AWS", "Kubernetes"),
    "RDS": ("AWS",),
    "CloudFormation": ("AWS",),
    "CloudWatch": ("AWS",),
    "Amazon SQS": ("AWS",),
    "DynamoDB": ("AWS", "NoSQL"),
    "Kinesis": ("AWS",),
    "GKE": ("GCP", "Kubernetes"),
    "Helm": ("Kubernetes",),
    "GitHub Actions": ("GitHub", "CI/CD", "Git"),
    "GitLab CI": ("GitLab", "CI/CD", "Git"),
    "GitHub": ("Git",),
    "GitLab": ("Git",),
    "Jenkins": ("CI/CD",),
    "CircleCI": ("CI/CD",),
    "Argo CD": ("Kubernetes", "CI/CD"),
    "MongoDB": ("NoSQL",),
    "Cassandra": ("NoSQL",),
    "Kafka": ("Event-Driven Architecture",),
    "Deep Learning": ("Machine Learning",),
    "scikit-learn": ("Machine Learning", "Python"),
    "TensorFlow": ("Machine Learning",),
    "Keras": ("Machine Learning",),
    "Scrum": ("Agile",),
}
"""Knowing the key implies knowing the values. Applied to the candidate only: a job that
asks for Django is not satisfied by Python, but a Django developer knows Python."""

# --- matching tables -----------------------------------------------------------------------

_TOKEN_CHARS = b"abcdefghijklmnopqrstuvwxyz0123456789+#"
_TOKEN_TABLE = bytes(i if i in _TOKEN_CHARS else 32 for i in range(256))
_SPLIT = re.compile(r"[\s\-/]+")
_JOINER = r"(?:\s*[-/]\s*|\s+)"


def _word_list(lower: str) -> list[bytes]:
    return lower.encode("ascii", "replace").translate(_TOKEN_TABLE).split()


def _tokens(lower: str) -> set[bytes]:
    """The words of lower-cased text, as ASCII bytes: every other character separates.

    Working on bytes keeps the whole split in C (encode, translate, split), which is
    several times faster than a regular expression over a 3 KB description.
    """
    return set(_word_list(lower))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CONTEXT_AFTER = _words(
    "and or skills skill experience expertise knowledge proficiency fluency developer developers "
    "engineer engineers engineering programming programmer programmers language languages code "
    "codebase codebases services service microservices backend backends apps applications "
    "libraries library packages modules tooling toolchain ecosystem stack runtime concurrency "
    "generics standard compiler development"
)
_CONTEXT_BEFORE = _words("with in using like including of and or as e.g eg")
_BLOCK_AFTER = _words(
    "to ahead beyond live back above further get big out through forward home together deeper "
    "far green the a an"
)
_BLOCK_BEFORE = _words(
    "series vitamin plan section grade type class level tier part option step phase round "
    "category size model form schedule appendix exhibit division building block room floor "
    "let's lets let"
)
_SEP_AFTER = frozenset(",/;|():\n")
_SEP_BEFORE = frozenset(",/(|:;")
_WORDISH = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_+#")
_NEXT = re.compile(r"[ \t]*(?:([a-z]+)|(.))?", re.DOTALL)
_LAST_WORD = re.compile(r"[a-z.']+$")


def _normal(name: str) -> str:
    return " ".join(name.lower().split())


_Phrase = tuple[frozenset[bytes], re.Pattern[str], str]


@dataclass(frozen=True)
class _Tables:
    unigrams: dict[bytes, str]
    """One-word aliases."""
    phrases: dict[bytes, list[_Phrase]]
    """Aliases of several words (or with dots: "node.js"), by their longest word."""
    edges: dict[bytes, re.Pattern[str]]
    """One-word aliases that also end dotted names ("js" in "node.js"), so are confirmed
    with a pattern that refuses a dot before them."""
    exact: dict[str, str]
    """Every alias and canonical name, normalised, for names given on their own."""


def _build() -> _Tables:
    unigrams: dict[bytes, str] = {}
    phrases: dict[bytes, list[_Phrase]] = {}
    exact: dict[str, str] = {}
    dotted_tails: set[bytes] = set()
    for canonical, aliases in SKILLS.items():
        names = dict.fromkeys(aliases)
        if canonical.lower() not in AMBIGUOUS:
            names[canonical.lower()] = None
        for alias in names:
            exact[_normal(alias)] = canonical
            words = _word_list(alias)
            if not words:
                raise ValueError(f"alias {alias!r} of {canonical} has no word")
            if len(words) == 1 and words[0].decode() == alias:
                if alias in AMBIGUOUS:
                    raise ValueError(f"alias {alias!r} of {canonical} is ambiguous")
                unigrams[words[0]] = canonical
                continue
            if "." in alias:
                dotted_tails.update(_tokens(alias.rsplit(".", 1)[1]))
            parts = [re.escape(part) for part in _SPLIT.split(alias) if part]
            pattern = re.compile(_JOINER.join(parts) + r"(?![a-z0-9+#])")
            # Filed under their longest word, the least likely to be in any text.
            key = max(words, key=len)
            phrases.setdefault(key, []).append((frozenset(words) - {key}, pattern, canonical))
        exact.setdefault(_normal(canonical), canonical)
    for word, amb in AMBIGUOUS.items():
        if amb.canonical not in SKILLS:
            raise ValueError(f"ambiguous {word!r} names unknown skill {amb.canonical}")
        exact[word] = amb.canonical
    edges = {
        tail: re.compile(r"(?<![.a-z0-9+#])" + re.escape(tail.decode()) + r"(?![a-z0-9+#])")
        for tail in dotted_tails
        if tail in unigrams
    }
    return _Tables(unigrams, phrases, edges, exact)


_TABLES = _build()
_UNIGRAMS = _TABLES.unigrams
_PHRASES = _TABLES.phrases
_EDGES = _TABLES.edges
_UNIGRAM_KEYS = frozenset(_UNIGRAMS)
_PHRASE_KEYS = frozenset(_PHRASES)
_EDGE_KEYS = frozenset(_EDGES)
_AMBIGUOUS_BYTES = {word.encode(): word for word in AMBIGUOUS}
_AMBIGUOUS_KEYS = frozenset(_AMBIGUOUS_BYTES)
_AMBIGUOUS_PATTERNS = {
    # A literal first, so the regex engine can skip ahead; the left edge is checked after.
    word: re.compile(re.escape(word) + r"(?![a-z0-9_+#\-]|\.[a-z0-9])")
    for word in AMBIGUOUS
}


def canonical_skill(name: str) -> str | None:
    """The canonical name of a skill written on its own (a resume keyword), or None.

    A name given as a skill is unambiguous, so "go" or "Rust" here mean the languages.
    """
    key = _normal(name)
    return _TABLES.exact.get(key) or _TABLES.exact.get(key.rstrip("."))


def skills_from_names(names: Iterable[str]) -> set[str]:
    """Canonical skills from resume keywords: each name is looked up whole, then searched."""
    found: set[str] = set()
    for name in names:
        canonical = canonical_skill(name)
        if canonical is not None:
            found.add(canonical)
        else:
            found |= extract_skills(name)
    return found


def with_implied(skills: Iterable[str]) -> set[str]:
    """``skills`` plus everything they imply (transitively), per ``IMPLIES``."""
    result = set(skills)
    todo = list(result)
    while todo:
        for implied in IMPLIES.get(todo.pop(), ()):
            if implied not in result:
                result.add(implied)
                todo.append(implied)
    return result


def _fix_length(text: str) -> str:
    # str.lower() keeps lengths except for U+0130, which becomes two characters; positions
    # in the original and the lower-cased text must line up for the case checks.
    return text.replace("\u0130", "I") if "\u0130" in text else text


def extract_skills(text: str) -> set[str]:
    """Canonical names of the skills ``text`` mentions (rules in the module docstring)."""
    text = _fix_length(text)
    return _scan(text, text.lower())


def _scan(text: str, lower: str) -> set[str]:
    tokens = _tokens(lower)
    found = {_UNIGRAMS[t] for t in tokens & _UNIGRAM_KEYS}
    for tail in tokens & _EDGE_KEYS:
        if _EDGES[tail].search(lower) is None:
            found.discard(_UNIGRAMS[tail])
    for key in tokens & _PHRASE_KEYS:
        for rest, pattern, canonical in _PHRASES[key]:
            if canonical not in found and rest <= tokens and _phrase_in(pattern, lower):
                found.add(canonical)
    for key in tokens & _AMBIGUOUS_KEYS:
        word = _AMBIGUOUS_BYTES[key]
        amb = AMBIGUOUS[word]
        if amb.canonical not in found and _ambiguous_in(text, lower, word, amb):
            found.add(amb.canonical)
    return found


def _phrase_in(pattern: re.Pattern[str], lower: str) -> bool:
    for match in pattern.finditer(lower):
        start = match.start()
        if start == 0 or lower[start - 1] not in _WORDISH:
            return True
    return False


def _word_before(lower: str, start: int) -> tuple[str, str]:
    """The word, or else the non-space character, just before ``start`` (a newline if none)."""
    segment = lower[max(0, start - 24) : start].rstrip(" \t")
    if not segment:
        return "", "\n"
    if not segment[-1].isalpha():
        return "", segment[-1]
    word = _LAST_WORD.search(segment)
    return (word.group().rstrip(".") if word else ""), ""


def _word_after(lower: str, end: int) -> tuple[str, str]:
    """The word, or else the non-space character, just after ``end`` (a newline if none)."""
    match = _NEXT.match(lower, end)
    if match is None or match.group(1) is None:
        return "", (match.group(2) if match is not None and match.group(2) else "\n")
    return match.group(1), ""


def _ambiguous_in(text: str, lower: str, word: str, amb: _Ambiguous) -> bool:
    single = len(word) == 1
    for match in _AMBIGUOUS_PATTERNS[word].finditer(lower):
        start, end = match.span()
        if start and (lower[start - 1] in _WORDISH or lower[start - 1] in "-.'"):
            continue
        if _in_context(text, lower, start, end, amb, single):
            return True
    return False


def _in_context(text: str, lower: str, start: int, end: int, amb: _Ambiguous, single: bool) -> bool:
    next_word, next_char = _word_after(lower, end)
    if next_word in _BLOCK_AFTER:
        return False
    sep_after = next_char in _SEP_AFTER or (next_char == "." and not single)
    exact = text[start:end] == amb.form
    if not exact and not (sep_after or next_word in ("and", "or")):
        return False
    prev_word, prev_char = _word_before(lower, start)
    if prev_word in _BLOCK_BEFORE:
        return False
    sep_before = prev_char in _SEP_BEFORE
    if not exact:
        # Not in its usual case: only inside a list, "python, go, rust".
        return sep_before or prev_word in ("and", "or")
    if amb.rule is _Rule.CASE or sep_after or next_word in _CONTEXT_AFTER:
        return True
    return sep_before or prev_word in _CONTEXT_BEFORE


# --- required and nice-to-have ------------------------------------------------------------


class SectionKind(Enum):
    """What a heading says about the skills under it."""

    REQUIRED = "required"
    NICE = "nice"
    NEUTRAL = "neutral"
    IGNORED = "ignored"


_HEADINGS: Mapping[SectionKind, tuple[str, ...]] = {
    SectionKind.REQUIRED: (
        "requirements", "requirement", "minimum requirements", "basic requirements",
        "job requirements", "key requirements", "what you'll need", "what you will need",
        "what you need", "what we're looking for", "what we are looking for",
        "what we look for", "qualifications", "minimum qualifications", "basic qualifications",
        "required qualifications", "required skills", "required", "you have", "you'll have",
        "you will have", "you should have", "must have", "must-have", "must haves",
        "must-haves", "who you are", "about you", "what you bring", "what you'll bring",
        "what you will bring", "skills and experience", "skills & experience",
        "experience and skills", "your profile", "your experience", "your skills",
        "the ideal candidate", "ideal candidate", "key skills", "skills", "technical skills",
        "experience", "we're looking for", "we are looking for", "we'd love you to have",
    ),
    SectionKind.NICE: (
        "nice to have", "nice-to-have", "nice to haves", "nice-to-haves", "bonus",
        "bonus points", "preferred", "preferred qualifications", "preferred skills",
        "preferred experience", "pluses", "a plus", "desired", "desired skills", "desirable",
        "extra credit", "it would be great if", "it's a plus if", "ideally",
        "good to have", "optional", "even better if", "brownie points",
    ),
    SectionKind.NEUTRAL: (
        "responsibilities", "key responsibilities", "what you'll do", "what you will do",
        "what you'll be doing", "what you will be doing", "the role", "about the role",
        "your role", "role", "your mission", "the job", "the team", "about the team",
        "our stack", "our tech stack", "tech stack", "technologies", "day to day",
        "in this role", "your impact", "what you'll work on", "the opportunity",
    ),
    SectionKind.IGNORED: (
        "about us", "who we are", "benefits", "perks", "perks and benefits",
        "perks & benefits", "what we offer", "we offer", "compensation", "salary", "pay",
        "equal opportunity", "eeo", "our values", "why join us", "why us", "how to apply",
        "about the company", "life at", "location", "our commitment", "diversity",
    ),
}  # fmt: skip
"""Heading phrases by kind: see ``sections`` for what counts as a heading."""

_PHRASE_KIND = {
    spelling: kind
    for kind, phrases in _HEADINGS.items()
    for phrase in phrases
    for spelling in (phrase, phrase.replace("'", "’"))
}


_Trie = dict[str, "_Trie"]


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, with shared prefixes factored out.

    Python's engine tries the branches of an alternation one by one; factored, a
    failing position costs one branch per character instead of one per word.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: _Trie) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(trie)


_HEADING_PHRASE = trie_pattern(_PHRASE_KIND) + r"(?![a-z0-9])"
_LINE_HEADING = re.compile(r"\n[ \t#>_*]*(" + _HEADING_PHRASE + r")([^\n:]{0,60})(?=\n|$)")
"""A line that starts with a heading phrase and has no colon (colons are handled apart)."""
_LAST_STOP = re.compile(r"[.!?;\n•·][^.!?;\n•·]*$")
"""Where the clause before a colon starts: after the last sentence or line break."""
_BULLET = "-*•·–—"
_CLAUSE = re.compile(
    r"[ \t]*(?P<bullet>[-*–—](?=[ \t])|[•·])?[ \t*#>_\-–—•·]*(?P<phrase>" + _HEADING_PHRASE + ")?"
)
"""The start of the clause before a colon: a bullet, markup, and maybe a heading phrase."""
_LINE_END = re.compile(r"[ \t*_\r]*(?:\n|\Z)")
_MAX_CLAUSE_WORDS = 10
_MAX_LINE_EXTRA_WORDS = 2
_FIELD_LINE = 80
_STRONG = frozenset(
    {"requirements", "qualifications", "responsibilities", "benefits", "perks", "bonus"}
)


class JobSkills(NamedTuple):
    required: frozenset[str]
    nice: frozenset[str]


class Section(NamedTuple):
    start: int
    end: int
    kind: SectionKind


def sections(text: str) -> list[Section]:
    """Cut a description into sections by their headings; text before any heading is neutral.

    A heading is either a short clause ending in a colon that starts with a phrase of
    ``_HEADINGS`` ("Requirements:", "Bonus points if you have:"), anywhere, so one
    paragraph works too; or a line that is such a phrase, with at most two more words,
    without a colon ("Nice to have", "## Preferred Qualifications"). Any other short line
    ending in a colon, not a bullet, is a neutral heading. A colon heading inside a bullet
    ("- Nice to have: Kafka") covers that bullet only, as does a short field line such as
    "Location: Remote" or "Tech stack: Go" that no bullets follow.
    """
    lower = _fix_length(text).lower()
    result: list[Section] = []
    kind = SectionKind.NEUTRAL
    pos = 0
    for start, end_of_scope, new_kind in _heading_marks(lower):
        if start < pos:
            continue
        if start > pos:
            result.append(Section(pos, start, kind))
        if end_of_scope is None:
            kind, pos = new_kind, start
        else:
            result.append(Section(start, end_of_scope, new_kind))
            pos = end_of_scope
    if pos < len(text) or not result:
        result.append(Section(pos, len(text), kind))
    return result


def _heading_marks(lower: str) -> list[tuple[int, int | None, SectionKind]]:
    """Heading positions, each with its kind and, for one covering a line, where it stops."""
    marks: list[tuple[int, int | None, SectionKind]] = []
    colon = lower.find(":")
    while colon >= 0:
        mark = _colon_heading(lower, colon)
        if mark is not None:
            marks.append(mark)
        colon = lower.find(":", colon + 1)
    for match in _LINE_HEADING.finditer("\n" + lower):
        kind = _line_heading(match.group(1), match.group(2))
        if kind is not None:
            marks.append((match.start(1) - 1, None, kind))
    marks.sort(key=lambda m: m[0])
    return marks


def _colon_heading(lower: str, colon: int) -> tuple[int, int | None, SectionKind] | None:
    floor = colon - 80 if colon > 80 else 0
    stop = _LAST_STOP.search(lower, floor, colon)
    if stop is None and floor:
        return None
    start = stop.start() + 1 if stop is not None else 0
    clause = _CLAUSE.match(lower, start, colon)
    if clause is None:
        return None
    phrase = clause.group("phrase")
    at_line_start = start == 0 or lower[start - 1] == "\n"
    if phrase is None and not at_line_start:
        return None
    head = clause.start("phrase") if phrase else clause.end()
    if head == colon or lower.count(" ", head, colon) >= _MAX_CLAUSE_WORDS:
        return None
    ends_line = _LINE_END.match(lower, colon + 1) is not None
    in_bullet = at_line_start and clause.group("bullet") is not None
    if phrase is not None:
        kind = _PHRASE_KIND[phrase]
    elif ends_line and not in_bullet:
        kind = SectionKind.NEUTRAL
    else:
        return None
    if not ends_line:
        line_end = lower.find("\n", colon)
        if line_end >= 0 and (in_bullet or _is_field(lower, colon, line_end, kind)):
            return head, line_end, kind
    return head, None, kind


def _is_field(lower: str, colon: int, line_end: int, kind: SectionKind) -> bool:
    """Whether a line such as "Location: Remote" is a field, not a section's first line.

    A requirement or nice-to-have heading always starts a section, as does a line that
    introduces a list of bullets.
    """
    if kind is SectionKind.REQUIRED or kind is SectionKind.NICE:
        return False
    if line_end - (lower.rfind("\n", 0, colon) + 1) > _FIELD_LINE:
        return False
    return not _starts_with_bullet(lower[line_end + 1 : line_end + 12])


def _starts_with_bullet(text: str) -> bool:
    first = text.lstrip(" \t")[:1]
    return first != "" and first in _BULLET


def _line_heading(phrase: str, rest: str) -> SectionKind | None:
    """The kind of a heading alone on its line without a colon, or None."""
    rest = rest.strip(" \t*_#\r")
    if rest.endswith("."):
        return None
    extra = len(rest.split())
    if extra and (extra > _MAX_LINE_EXTRA_WORDS or (" " not in phrase and phrase not in _STRONG)):
        return None
    return _PHRASE_KIND[phrase]


def job_texts(text: str) -> tuple[str, str]:
    """A description cut in two: the text that requires, and the text that would like.

    The first holds the sections under requirement headings and under neutral ones (the
    intro, "What you'll do", unknown headings), since those describe the work; the
    second, the sections under nice-to-have headings. Sections such as "Benefits" or
    "About us" are in neither. Without any heading, the whole text requires.
    """
    text = _fix_length(text)
    required: list[str] = []
    nice: list[str] = []
    for start, end, kind in sections(text):
        if kind is SectionKind.NICE:
            nice.append(text[start:end])
        elif kind is not SectionKind.IGNORED:
            required.append(text[start:end])
    return "\n".join(required), "\n".join(nice)


def extract_job_skills(text: str) -> JobSkills:
    """Skills a description requires, and those it only lists as nice to have (see
    ``job_texts``): a skill found in both kinds of section is required."""
    required_text, nice_text = job_texts(text)
    required = extract_skills(required_text) if required_text else set()
    nice = extract_skills(nice_text) if nice_text else set()
    return JobSkills(frozenset(required), frozenset(nice - required))


def spellings(canonical: str) -> tuple[str, ...]:
    """Lower-cased ways of writing a canonical skill: its name first, then its aliases."""
    return tuple(dict.fromkeys([canonical.lower(), *SKILLS.get(canonical, ())]))
