"""Lead scoring: a configurable rule set that gives each lead a score and explains it.

Each rule names what it looks at (``ScoringRuleKind``), a parameter and the points it adds
(or, if negative, takes away). The rule set lives in the database; until someone sets one,
``DEFAULT_RULES`` apply. A lead's score is the sum of the points of the rules it matches, and
its explanation lists those rules as ``{"rule": name, "points": points}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from amity.core import clock, events
from amity.core.errors import DomainError
from amity.core.validation import Problems, required_text
from amity.plugins.sales.models import Lead, LeadSource, LeadStatus, ScoringRule, ScoringRuleKind

#: Lead fields a ``has_field`` rule may name.
SCORABLE_FIELDS = ("email", "phone", "company", "title", "industry", "country")


@dataclass(frozen=True)
class Rule:
    """One scoring rule, as stored and as configured."""

    name: str
    kind: str
    value: str
    points: int

    def matches(self, lead: Lead) -> bool:
        """Whether ``lead`` earns this rule's points."""
        if self.kind == ScoringRuleKind.SOURCE:
            return lead.source == self.value
        if self.kind == ScoringRuleKind.HAS_FIELD:
            return bool(getattr(lead, self.value))
        if self.kind == ScoringRuleKind.INDUSTRY:
            return lead.industry.lower() == self.value.lower()
        if self.kind == ScoringRuleKind.EMPLOYEES_AT_LEAST:
            return lead.employees is not None and lead.employees >= int(self.value)
        since = clock.now() - timedelta(days=int(self.value))
        return lead.last_contacted_at is not None and lead.last_contacted_at >= since


DEFAULT_RULES = (
    Rule("Referral", ScoringRuleKind.SOURCE, LeadSource.REFERRAL, 30),
    Rule("Met at an event", ScoringRuleKind.SOURCE, LeadSource.EVENT, 20),
    Rule("Came through the website", ScoringRuleKind.SOURCE, LeadSource.WEB, 10),
    Rule("Has an e-mail address", ScoringRuleKind.HAS_FIELD, "email", 10),
    Rule("Has a phone number", ScoringRuleKind.HAS_FIELD, "phone", 5),
    Rule("Works at a company", ScoringRuleKind.HAS_FIELD, "company", 10),
    Rule("Company with 50 or more employees", ScoringRuleKind.EMPLOYEES_AT_LEAST, "50", 15),
    Rule("Contacted in the last 14 days", ScoringRuleKind.CONTACTED_WITHIN_DAYS, "14", 15),
)


def explain(lead: Lead, rules: Iterable[Rule]) -> tuple[int, list[dict[str, Any]]]:
    """The lead's score under ``rules`` and the rules that make it up, in rule order."""
    explanation = [{"rule": rule.name, "points": rule.points} for rule in rules if rule.matches(lead)]
    return sum(item["points"] for item in explanation), explanation


async def current_rules() -> list[Rule]:
    """The configured rule set, or ``DEFAULT_RULES`` while none is configured."""
    stored = await ScoringRule.all().order_by("position")
    if not stored:
        return list(DEFAULT_RULES)
    return [Rule(rule.name, rule.kind, rule.value, rule.points) for rule in stored]


def check_rules(rules: Sequence[Rule]) -> list[Rule]:
    """Validate a rule set; raises DomainError listing every problem."""
    problems = Problems()
    clean: list[Rule] = []
    seen: set[str] = set()
    kinds = {kind.value for kind in ScoringRuleKind}
    for index, rule in enumerate(rules):
        name = required_text(rule.name, f"rules.{index}.name", problems, 100)
        if name.lower() in seen:
            problems.add(f"rules.{index}.name", f"rule {name!r} appears twice", "DUPLICATE")
        seen.add(name.lower())
        value = (rule.value or "").strip()
        if rule.kind not in kinds:
            problems.add(f"rules.{index}.kind", f"kind must be one of {', '.join(sorted(kinds))}", "INVALID_CHOICE")
        elif rule.kind == ScoringRuleKind.SOURCE and value not in {s.value for s in LeadSource}:
            problems.add(f"rules.{index}.value", "value must be a lead source", "INVALID_CHOICE")
        elif rule.kind == ScoringRuleKind.HAS_FIELD and value not in SCORABLE_FIELDS:
            problems.add(f"rules.{index}.value", f"value must be one of {', '.join(SCORABLE_FIELDS)}", "INVALID_CHOICE")
        elif rule.kind in (ScoringRuleKind.EMPLOYEES_AT_LEAST, ScoringRuleKind.CONTACTED_WITHIN_DAYS) and not value.isdigit():
            problems.add(f"rules.{index}.value", "value must be a whole number", "INVALID")
        elif not value:
            problems.add(f"rules.{index}.value", "value is required", "REQUIRED")
        clean.append(Rule(name, rule.kind, value, rule.points))
    if problems:
        raise DomainError(*problems)
    return clean


async def set_rules(rules: Sequence[Rule]) -> list[Rule]:
    """Replace the rule set and rescore every open lead with it."""
    clean = check_rules(rules)
    async with events.transaction():
        await ScoringRule.all().delete()
        await ScoringRule.bulk_create([
            ScoringRule(name=rule.name, kind=rule.kind, value=rule.value, points=rule.points, position=position)
            for position, rule in enumerate(clean, 1)
        ])
        await rescore_leads(clean)
    return clean


async def rescore_leads(rules: Sequence[Rule] | None = None) -> int:
    """Recompute the score of every open lead, neither converted nor disqualified (rules that
    look at time change scores as days pass); returns how many scores changed."""
    rules = list(rules) if rules is not None else await current_rules()
    changed = 0
    async with events.transaction():
        for lead in await Lead.exclude(status__in=[LeadStatus.CONVERTED.value, LeadStatus.DISQUALIFIED.value]):
            score, explanation = explain(lead, rules)
            if (score, explanation) != (lead.score, lead.score_explanation):
                await Lead.filter(id=lead.id).update(score=score, score_explanation=explanation)
                changed += 1
    return changed
