"""Period pages: each period's dashboard (and the home page, the current one's), the archive, and the OKR-health page."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from okrsite.compute.kpis import compute_kpi
from okrsite.compute.status import status_against, status_word
from okrsite.digest import WEEK, week_to
from okrsite.i18n import N_
from okrsite.model import Objective
from okrsite.periods import Period
from okrsite.render import charts, urls
from okrsite.render.views import (RISK_ORDER, SWEET_SPOT, Page, Context, by_risk, filters, kpi_card, latest_checkin, move_view,
                                  objective_card, objective_status, period_dates, period_summary, review_view, status_view,
                                  what_moved)

if TYPE_CHECKING:
    from okrsite.render.plan import PageBuilder


def dashboard(b: PageBuilder, path: str, period: Period, home: bool = False) -> Page:
    ctx = b.at(path, period)
    objectives = b.by_period[period.id]
    result = b.results.periods[period.id]
    counts = {c: sum(1 for o in objectives if b.results.objectives[o.ref].status == c) for c in ("green", "amber", "red")}
    root_id = b.root.id if b.root else ""
    company = by_risk([objective_card(ctx, o) for o in objectives if o.team == root_id])
    enclosing = [p for p in b.site.periods.values() if p.id != period.id and p.kind != "quarter"
                 and p.start <= period.start and period.end <= p.end]
    company_year = [objective_card(ctx, o) for p in enclosing for o in b.by_period[p.id] if o.team == root_id]
    by_team: dict[str, list[Objective]] = {}
    for objective in objectives:
        by_team.setdefault(objective.team, []).append(objective)
    teams = []
    for team_id, score in result.team_scores.items():
        if team_id == root_id:
            continue
        team_objectives = by_team.get(team_id, [])
        outcomes = [ctx.result(o) for o in team_objectives]
        expected = sum(r.expected for r in outcomes) / len(outcomes)
        colour = status_against(score, expected, result.over, None, b.config.status)
        notes = [n for o in team_objectives if (n := latest_checkin(ctx, o)) is not None]
        teams.append({
            **ctx.team(team_id), "score": ctx.words.score(score), "progress": round(score * 100),
            "expected": ctx.words.score(expected) if not result.over else "",
            "expected_progress": round(min(1.0, expected) * 100),
            "status": status_view(ctx.words, colour, status_word(colour, result.over)), "risk": (RISK_ORDER[colour], score - expected),
            "latest": max(notes, key=lambda n: (bool(n["note"]), n["iso"])) if notes else None,
            "alignment": ctx.words.percent(result.team_alignment.get(team_id)),
            "objectives": len(team_objectives),
            "counts": {c: sum(1 for r in outcomes if r.status == c) for c in ("green", "amber", "red")},
            "parent": b.site.teams[team_id].parent,
        })
    teams = by_risk(teams)
    orphans = [objective_card(ctx, b.site.objectives[ref]) for ref in result.orphans]
    data = {
        "home": home, "period": period_summary(ctx, period), "as_of": ctx.words.day(ctx.as_of),
        "dashboard": {
            "score": ctx.words.score(result.score), "counts": counts, "total": len(objectives),
            "company": company, "company_year": company_year, "teams": teams,
            "kpis": _dashboard_kpis(b, ctx, period),
            "kpi_count": len(b.site.kpis), "kpis_url": ctx.link(urls.KPIS),
            "moved": what_moved(ctx, objectives, period),
            "orphans": orphans,
            "filters": filters(ctx, objectives),
            "abandoned": [objective_card(ctx, o) for o in b.abandoned_by_period[period.id]],
            "individual": {"count": result.individual_count, "score": ctx.words.score(result.individual_score),
                           "alignment": ctx.words.percent(result.individual_alignment),
                           "people": [ctx.person(name) for name in
                                      sorted({o.person for o in b.individual_by_period[period.id] if o.person})]},
            "findings": sum(len(b.by_objective.get(o.ref, [])) for o in objectives)
            + len(b.other_findings(period)),
        },
        "periods": [period_dates(ctx, p) for p in b.site.periods.values()],
    }
    data["review"] = _review(b, ctx, period) if result.over and not home else None
    data["print_teams"] = _print_teams(b, ctx, period) if result.over and not home else []  # the printed review
    running = 0 < result.elapsed < 1
    data["week"] = _since_last_week(b, ctx, period) if running and (b.results.as_of - period.start).days > 7 else None
    data["midpoint"] = _midpoint(b, ctx, period) if running and MIDPOINT[0] <= result.elapsed <= MIDPOINT[1] else None
    title = ctx.words._("%(period)s dashboard") % {"period": period.id} if not home else ctx.words._("Company dashboard")
    return Page(path, "dashboard.html", title, data, ctx.on)


MIDPOINT = (0.35, 0.65)  # around week 6 of a quarter: the mid-period review (the articles' "week-6 check")


def _since_last_week(b: PageBuilder, ctx: Context, period: Period) -> dict:
    """What the seven days to as_of changed in a running period, per team: score moves, status changes,
    new reds, and the key results nobody checked in on (see `okrsite.digest`)."""
    week = week_to(b.site, b.past, b.results.as_of, period=period.id, kpis=False)
    mine = {o.ref for o in b.by_period[period.id]}
    teams: dict[str, dict] = {}
    for move in week.all:
        if move.objective.ref in mine:
            row = teams.setdefault(move.objective.team, {"now": [], "then": [], "changes": 0, "new_reds": 0,
                                                         "missing": 0})
            row["now"].append(move.after.score)
            row["then"].append(move.before.score)
            row["changes"] += move.after.status != move.before.status
            row["new_reds"] += move in week.new_reds
    for objective, _ in week.silent:
        if objective.ref in mine:
            teams[objective.team]["missing"] += 1
    rows = [{**ctx.team(team), "score": ctx.words.score(sum(r["now"]) / len(r["now"])),
             "delta": ctx.words.delta(sum(r["now"]) / len(r["now"]) - sum(r["then"]) / len(r["then"])),
             "changes": r["changes"], "new_reds": r["new_reds"], "missing": r["missing"]}
            for team, r in sorted(teams.items(), key=lambda item: b.site.teams[item[0]].name.lower())]
    return {"since": ctx.words.day(week.on - WEEK + timedelta(days=1)), "teams": rows,
            "changes": [move_view(ctx, m) for m in week.changes if m.objective.ref in mine],
            "new_reds": [_link(ctx, m.objective) for m in week.new_reds if m.objective.ref in mine],
            "missing": sum(r["missing"] for r in rows)}


def _link(ctx: Context, objective: Objective) -> dict:
    return {"title": objective.title, "url": ctx.link(urls.objective_page(objective.ref)),
            "team": ctx.site.teams[objective.team].name}


def _midpoint(b: PageBuilder, ctx: Context, period: Period) -> dict:
    """The mid-period review: where each team stands against the expected pace, the largest gap first."""
    result = b.results.periods[period.id]
    by_team: dict[str, list] = {}
    for objective in b.by_period[period.id]:
        by_team.setdefault(objective.team, []).append(b.results.objectives[objective.ref])
    rows = []
    for team, results in by_team.items():
        score = sum(r.score for r in results) / len(results)
        expected = sum(r.expected for r in results) / len(results)
        behind = sum(1 for r in results if r.status != "green")
        colour = status_against(score, expected, False, None, b.config.status)  # the pace rule of SPEC.md
        rows.append({**ctx.team(team), "score": ctx.words.score(score), "expected": ctx.words.score(expected),
                     "gap": ctx.words.delta(score - expected), "gap_value": score - expected, "objectives": len(results),
                     "behind": behind, "status": status_view(ctx.words, colour, {"green": N_("on pace"),
                                                                                 "amber": N_("a little behind"),
                                                                                 "red": N_("well behind")}[colour])})
    rows.sort(key=lambda r: (r["gap_value"], r["name"]))
    week = (b.results.as_of - period.start).days // 7 + 1
    return {"week": week, "weeks": round(period.days / 7), "elapsed": ctx.words.percent(result.elapsed), "teams": rows}


def _print_teams(b: PageBuilder, ctx: Context, period: Period) -> list[dict]:
    """One short section per team for the printed review: each objective with its score and status
    (printed only: on screen the teams table links to the team pages)."""
    by_team: dict[str, list] = {}
    for objective in b.by_period[period.id]:
        by_team.setdefault(objective.team, []).append(objective)
    sections = []
    for team_id, objectives in sorted(by_team.items(), key=lambda item: b.site.teams[item[0]].name.lower()):
        score = b.results.periods[period.id].team_scores.get(team_id)
        rows = []
        for objective in objectives:
            result = ctx.result(objective)
            review = objective.review
            rows.append({"title": objective.title, "score": ctx.words.score(result.score),
                         "status": objective_status(ctx.words, objective, result), "owner": objective.owner or "",
                         "learned": review.learned if review else "", "next": review.next if review else ""})
        sections.append({**ctx.team(team_id), "score": ctx.words.score(score), "objectives": rows})
    return sections


def _review(b: PageBuilder, ctx: Context, period: Period) -> dict:
    """A period that is over, as the retrospective a team presents: the achievement rate against the
    sweet spot, how the objectives scored, every review and what carries over."""
    result = b.results.periods[period.id]
    objectives = b.by_period[period.id]
    low, high = SWEET_SPOT
    rate = result.score
    if rate is None:
        verdict = ""
    elif rate < low - 1e-9:
        verdict = ctx.words._("below the sweet spot: were there too many objectives, or too hard ones, or did something "
                              "get in the way?")
    elif rate <= high + 1e-9:
        verdict = ctx.words._("in the sweet spot: ambitious objectives, mostly reached")
    else:
        verdict = ctx.words._("above the sweet spot: were the objectives ambitious enough?")
    scores = [b.results.objectives[o.ref].score for o in objectives]
    reviewed = [o for o in (*objectives, *b.individual_by_period[period.id]) if o.review is not None]
    reviews = [{**objective_card(ctx, o), **review_view(ctx, o)} for o in reviewed]  # type: ignore[dict-item]
    return {
        "rate": ctx.words.score(rate), "low": ctx.words.score(low), "high": ctx.words.score(high), "verdict": verdict,
        "chart": charts.distribution_chart(ctx.words, f"review-{period.id}", scores,
                                           ctx.words._("How the objectives of %(period)s scored") % {"period": period.id})
        if scores else "",
        "achieved": sum(1 for s in scores if s >= b.config.status.achieved - 1e-9), "total": len(scores),
        "reviews": reviews, "carry_over": [r for r in reviews if r["next"]],
        "missing": len(objectives) - sum(1 for o in objectives if o.review is not None),
    }


def _dashboard_kpis(b: PageBuilder, ctx: Context, period: Period, limit: int = 12) -> list[dict]:
    """Every KPI as of the period's end (or as_of); past `limit`, those that need attention."""
    on = ctx.as_of
    shown = [(k, b.results.kpis[k.ref] if on == b.results.as_of else compute_kpi(k, on))
             for k in b.site.kpis.values()]
    if len(shown) > limit:
        order = {"red": 0, "amber": 1, None: 2, "green": 3}
        attention = [(k, r) for k, r in shown if r.health != "green" or r.stale]
        shown = sorted(attention, key=lambda kr: (order[kr[1].health], kr[0].title))[:limit]
    return [kpi_card(ctx, kpi, result) for kpi, result in shown]


def archive(b: PageBuilder) -> Page:
    ctx = b.at(urls.ARCHIVE)
    rows = []
    for period in reversed(list(b.site.periods.values())):
        result = b.results.periods[period.id]
        scores = [b.results.objectives[o.ref].score for o in b.by_period[period.id]]
        chart = ""
        if result.over and scores:
            chart = charts.distribution_chart(ctx.words, f"dist-{period.id}", scores,
                                              ctx.words._("Distribution of objective scores in %(period)s") % {"period": period.id})
        rows.append({**period_summary(ctx, period), "objectives": len(scores), "chart": chart})
    digests = [{"week": w, "url": ctx.link(urls.digest_page(w))} for w in b.digest_weeks]
    return Page(urls.ARCHIVE, "archive.html", ctx.words._("Archive of all periods"), {"rows": rows, "digests": digests})


def health(b: PageBuilder, period: Period) -> Page:
    """The OKR-practice findings of a period, per team, and those about KPIs."""
    path = urls.health_page(period.id)
    ctx = b.at(path, period)
    teams: dict[str, list[dict]] = {}
    for objective in [*b.by_period[period.id], *b.individual_by_period[period.id]]:
        if objective.ref in b.by_objective:
            card = objective_card(ctx, objective)
            card["findings"] = b.by_objective[objective.ref]
            teams.setdefault(objective.team, []).append(card)
    other = b.other_findings(period)
    data = {"period": period_summary(ctx, period),
            "teams": [{**ctx.team(t), "objectives": cards} for t, cards in sorted(teams.items())],
            "other": other, "total": sum(len(c["findings"]) for cards in teams.values() for c in cards) + len(other),
            "periods": [period_dates(ctx, p) for p in b.site.periods.values()]}
    return Page(path, "health.html", ctx.words._("OKR health %(period)s") % {"period": period.id}, data, ctx.on)
