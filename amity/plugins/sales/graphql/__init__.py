"""The GraphQL surface of the sales plugin: ``types``, ``filters``, ``queries`` and
``mutations``; rules live in ``amity.plugins.sales.service``."""

from amity.plugins.sales.graphql.lead_mutations import LeadMutation
from amity.plugins.sales.graphql.lead_types import CustomerLeads, Lead
from amity.plugins.sales.graphql.mutations import SalesMutation
from amity.plugins.sales.graphql.queries import SalesQuery
from amity.plugins.sales.graphql.types import CustomerSales, Opportunity, Pipeline, Stage
from amity.plugins.sales.models import Lead as LeadModel
from amity.plugins.sales.models import Opportunity as OpportunityModel
from amity.plugins.sales.models import Pipeline as PipelineModel
from amity.plugins.sales.models import Stage as StageModel

#: Sales types reachable by global ID through ``node(id:)``: type name -> (model, permission)
NODES = {
    "Opportunity": (OpportunityModel, "sales.opportunity.read"),
    "Pipeline": (PipelineModel, "sales.opportunity.read"),
    "Stage": (StageModel, "sales.opportunity.read"),
    "Lead": (LeadModel, "sales.lead.read"),
}

ERROR_CODES = {
    "STAGE_NOT_IN_PIPELINE": "The stage belongs to another pipeline than the deal's.",
    "DEAL_CLOSED": "The deal is won or lost; reopen it before changing it.",
    "DEAL_NOT_CLOSED": "Only a won or lost deal can be reopened.",
    "MIXED_CURRENCY": "The amount's currency differs from the customer's currency.",
    "LEAD_ALREADY_CONVERTED": "The lead was already converted into a customer.",
    "LEAD_DISQUALIFIED": "A disqualified lead cannot be converted; requalify it first.",
}

__all__ = [
    "ERROR_CODES", "NODES", "CustomerLeads", "CustomerSales", "Lead", "LeadMutation", "Opportunity", "Pipeline",
    "SalesMutation", "SalesQuery", "Stage",
]
