"""Word lists and catalogues the synthetic company is drawn from (no randomness here)."""

from __future__ import annotations

from dataclasses import dataclass

COMPANY_NAME = "Kenanga Commerce Bhd."

DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("sales", "Sales"), ("engineering", "Engineering"), ("marketing", "Marketing"), ("finance", "Finance"),
    ("people", "People"), ("customer-success", "Customer Success"), ("operations", "Operations"),
    ("product", "Product"), ("data", "Data"), ("legal", "Legal"), ("security", "Security"),
    ("platform", "Platform"), ("design", "Design"), ("supply-chain", "Supply Chain"),
    ("partnerships", "Partnerships"), ("research", "Research"), ("it", "IT"), ("procurement", "Procurement"),
    ("quality", "Quality"), ("growth", "Growth"), ("logistics", "Logistics"), ("payments", "Payments"),
    ("mobile", "Mobile"), ("analytics", "Analytics"),
)

SQUADS: tuple[str, ...] = (
    "north", "south", "east", "west", "central", "apollo", "atlas", "borneo", "cendana", "delta", "emerald",
    "falcon", "gemini", "harbour", "indigo", "jade", "kestrel", "lotus", "meranti", "nova", "orchid", "pulau",
    "quartz", "rimba", "saga", "tembusu", "vega", "waja", "zenith", "angsana", "bayu", "cahaya", "damar",
    "embun", "gelora", "halia", "intan", "kiambang", "langkawi", "mutiara",
)

FIRST_NAMES: tuple[str, ...] = (
    "Aisyah", "Arvind", "Chloe", "Daniel", "Farah", "Grace", "Hafiz", "Irfan", "Jessica", "Kavitha", "Lim",
    "Mei Ling", "Nurul", "Ong", "Priya", "Rajesh", "Siti", "Tan", "Umar", "Vanessa", "Wei Jie", "Yusuf",
    "Zara", "Amir", "Bala", "Cheng", "Dinesh", "Elaine", "Faizal", "Hui Min", "Imran", "Jun Hao", "Kumar",
    "Liyana", "Melissa", "Nadia", "Pavitra", "Qistina", "Ravi", "Shalini", "Teck Seng", "Vijay", "Wan",
    "Xin Yi", "Yong", "Zulkifli", "Adrian", "Beatrice", "Chandra", "Dayang", "Evelyn", "Gopal", "Hannah",
    "Iskandar", "Jasmine", "Kelvin", "Lakshmi", "Marcus", "Norhayati", "Oliver",
)

LAST_NAMES: tuple[str, ...] = (
    "Abdullah", "Chan", "Devi", "Fernandez", "Goh", "Hassan", "Ibrahim", "Jaafar", "Krishnan", "Lee", "Mohamad",
    "Nair", "Ooi", "Pillai", "Rahman", "Subramaniam", "Teoh", "Wong", "Yap", "Zainal", "Ang", "Bakar", "Chong",
    "Dass", "Esa", "Foo", "Gan", "Heng", "Ismail", "Kaur", "Loh", "Menon", "Ng", "Omar", "Phang", "Quek", "Raj",
    "Singh", "Tay", "Usman", "Vong", "Wee", "Yeoh", "Zakaria", "Arumugam", "Bong", "Choo", "Daud", "Eng",
    "Fadzil", "Gill", "Ho", "Idris", "Jalil", "Khoo", "Lau", "Mak", "Nathan", "Pang", "Razak",
)

OBJECTIVE_VERBS: tuple[str, ...] = (
    "Delight", "Earn the trust of", "Win over", "Simplify life for", "Build lasting relationships with",
    "Create a great experience for", "Become indispensable to", "Grow together with", "Reliably serve",
    "Take better care of", "Listen harder to", "Make every day easier for",
)

OBJECTIVE_SUBJECTS: tuple[str, ...] = (
    "new merchants", "our largest customers", "kopitiam owners", "franchise chains", "our partners",
    "every new hire", "the support team", "our field engineers", "restaurant managers", "cloud kitchens",
    "hawker stalls", "café owners", "enterprise buyers", "our resellers", "mobile-first merchants",
    "finance teams", "our developers", "first-time founders", "multi-outlet groups", "our own colleagues",
)

OBJECTIVE_PHRASES: tuple[str, ...] = (
    "Make onboarding effortless", "Restore customer trust by reducing defects", "Build a pipeline we can rely on",
    "Make releases boring", "Turn data into daily decisions", "Keep our platform fast under load",
    "Become the easiest vendor to buy from", "Make every invoice right the first time",
    "Grow a team people want to join", "Keep costs in check while we grow", "Ship the best mobile experience",
    "Make support a reason to stay", "Protect our customers' data", "Expand into new regions responsibly",
    "Turn partners into a growth engine", "Make our brand known beyond Penang",
)

TAGS: tuple[str, ...] = (
    "revenue", "retention", "reliability", "cost", "hiring", "quality", "growth", "customer", "security",
    "mobile", "data", "partners", "brand", "efficiency", "compliance",
)

NOTES: tuple[str, ...] = (
    "Two deals slipped to next month.", "Steady progress; nothing to escalate.", "Blocked on a vendor reply.",
    "Ahead of plan after the promotion.", "Holiday week, little movement.", "New dashboard shows the real number.",
    "Recovered after last week's incident.", "Hiring freeze slows us down.", "Pilot customers are happy so far.",
    "Scope cut agreed with the department lead.", "Data fix changed the baseline slightly.",
    "Week-6 review: on track, keep going.", "Risky: the migration window moved.", "Better than expected.",
)

THINGS: tuple[str, ...] = (
    "partner portal", "self-serve onboarding", "new pricing page", "kitchen display sync", "loyalty programme",
    "status page", "e-invoicing integration", "QR ordering refresh", "data warehouse", "mentoring scheme",
    "incident runbook", "offline mode", "supplier scorecard", "analytics workspace", "access review",
)

SENTENCES: tuple[str, ...] = (
    "Our customers told us in the last survey that this is what frustrates them most.",
    "We tried a smaller version of this last quarter and learned that the first week decides everything.",
    "The numbers below come from the weekly report that the team reviews every Monday.",
    "This supports the company's goal for the year and the department's focus for the quarter.",
    "We will know it worked when merchants stop asking us about it in support tickets.",
    "The biggest risk is that other work crowds it out in the second half of the quarter.",
    "Most of the effort goes into the first six weeks; the rest is follow-through and measurement.",
    "We agreed with the department lead to drop two smaller projects to make room for this.",
    "If we reach two thirds of the targets we will call it a success; this is an aspirational goal.",
    "The baseline was measured in the last two weeks of the previous quarter.",
    "Finance checked the revenue numbers and the definitions match the board report.",
    "We depend on the platform team for the integration work and have booked their time.",
    "Retrospective notes from last quarter are linked in the team's wiki page.",
    "A short demo at the week-6 review will show where we stand.",
    "Every key result has one owner who checks in weekly with a value and a confidence.",
    "The work is split into small steps so that progress shows early.",
    "Customers in Johor and Klang Valley are the first to get the change.",
    "This is a committed goal for the people who depend on it, so we report risks early.",
    "We keep the scope small on purpose: one thing done well beats three half-finished.",
    "The data comes from the production database, refreshed every night.",
)


@dataclass(frozen=True, slots=True)
class Metric:
    """A kind of metric key result: its title says the start and the target."""

    id: str
    title: str  # with {s}, {t}
    unit: str
    lower_is_better: bool
    start: tuple[float, float]
    change: tuple[float, float]  # relative change from start to target
    decimals: int
    cap: float | None = None


METRICS: tuple[Metric, ...] = (
    Metric("nps", "Raise net promoter score from {s} to {t}", "", False, (10, 45), (0.15, 0.6), 0, 90),
    Metric("churn", "Reduce monthly churn from {s}% to {t}%", "%", True, (2, 7), (0.2, 0.5), 1),
    Metric("bookings", "Grow quarterly bookings from RM{s} to RM{t}", "RM", False, (100_000, 2_000_000), (0.1, 0.4), 0),
    Metric("lead-time", "Cut lead time for changes from {s} to {t} days", "days", True, (3, 15), (0.2, 0.6), 1),
    Metric("tickets", "Reduce open support tickets from {s} to {t}", "", True, (80, 600), (0.2, 0.5), 0),
    Metric("conversion", "Increase trial conversion from {s}% to {t}%", "%", False, (8, 30), (0.1, 0.5), 1),
    Metric("headcount", "Grow the team from {s} to {t} engineers", "", False, (4, 30), (0.2, 0.5), 0),
    Metric("first-response", "Cut first response time from {s} to {t} hours", "hours", True, (2, 12), (0.2, 0.6), 1),
    Metric("defects", "Lower escaped defects from {s} to {t} per release", "", True, (5, 40), (0.25, 0.6), 0),
    Metric("active-outlets", "Grow weekly active outlets from {s} to {t}", "", False, (500, 20_000), (0.05, 0.3), 0),
    Metric("cloud-cost", "Reduce cloud cost per outlet from RM{s} to RM{t}", "RM", True, (8, 40), (0.1, 0.35), 2),
    Metric("csat", "Raise customer satisfaction from {s} to {t} out of 5", "", False, (3.4, 4.2), (0.04, 0.12), 2, 5),
    Metric("pipeline", "Build qualified pipeline from {s} to {t} deals", "deals", False, (40, 400), (0.2, 0.7), 0),
    Metric("coverage", "Raise automated test coverage from {s}% to {t}%", "%", False, (40, 75), (0.1, 0.3), 0, 98),
    Metric("p95", "Reduce p95 latency from {s} ms to {t} ms", "ms", True, (200, 900), (0.2, 0.5), 0),
    Metric("onboarding-days", "Shorten onboarding from {s} to {t} days", "days", True, (5, 30), (0.2, 0.5), 0),
    Metric("retention", "Raise 90-day retention from {s}% to {t}%", "%", False, (60, 85), (0.05, 0.15), 1, 99),
    Metric("engagement", "Increase engagement survey score from {s} to {t}", "", False, (60, 78), (0.04, 0.12), 0, 100),
    Metric("backlog", "Shrink the bug backlog from {s} to {t} items", "", True, (50, 400), (0.2, 0.5), 0),
)

MILESTONES: tuple[tuple[str, str], ...] = (
    ("launch", "Launch the {thing}"), ("ship", "Ship the {thing} to every outlet"),
    ("migrate", "Move the {thing} to the new platform"), ("playbook", "Publish the {thing} playbook"),
    ("pilot", "Run a {thing} pilot with five customers"),
)


@dataclass(frozen=True, slots=True)
class KpiKind:
    """A kind of KPI a team may track, with a plausible starting value."""

    slug: str
    title: str
    unit: str
    lower_is_better: bool
    base: tuple[float, float]
    decimals: int
    cap: float | None = None


KPIS: tuple[KpiKind, ...] = (
    KpiKind("mrr", "Monthly recurring revenue", "RM", False, (50_000, 2_000_000), 0),
    KpiKind("nps", "Net promoter score", "", False, (10, 50), 0, 90),
    KpiKind("churn", "Customer churn rate", "%", True, (1, 6), 2),
    KpiKind("csat", "Customer satisfaction", "", False, (3.5, 4.5), 2, 5),
    KpiKind("defect-rate", "Process defect rate", "%", True, (1, 5), 2),
    KpiKind("turnover", "Employee turnover", "%", True, (5, 20), 1),
    KpiKind("lead-time", "Lead time for changes", "days", True, (2, 15), 1),
    KpiKind("pipeline", "Qualified pipeline", "deals", False, (50, 500), 0),
    KpiKind("cost-per-outlet", "Cloud cost per outlet", "RM", True, (5, 40), 2),
    KpiKind("first-response", "First response time", "hours", True, (1, 12), 1),
    KpiKind("active-outlets", "Weekly active outlets", "", False, (200, 20_000), 0),
    KpiKind("dso", "Days sales outstanding", "days", True, (20, 60), 0),
    KpiKind("leads", "Marketing qualified leads", "", False, (100, 2_000), 0),
)
