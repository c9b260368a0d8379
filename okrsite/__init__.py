"""okrsite: turn OKRs and KPIs kept as Markdown into a static intranet site."""

__version__ = "0.1.0"
