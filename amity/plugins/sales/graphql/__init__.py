"""The GraphQL surface of the sales plugin: ``types``, ``filters``, ``queries`` and
``mutations``; rules live in ``amity.plugins.sales.service``."""

from amity.plugins.sales.graphql.activity_mutations import ActivityMutation
from amity.plugins.sales.graphql.activity_types import Activity, OpportunityActivities
from amity.plugins.sales.graphql.lead_mutations import LeadMutation
from amity.plugins.sales.graphql.lead_types import CustomerLeads, Lead
from amity.plugins.sales.graphql.mutations import SalesMutation
from amity.plugins.sales.graphql.pricing_mutations import PricingMutation
from amity.plugins.sales.graphql.pricing_types import CustomerPriceAgreements, PriceAgreement
from amity.plugins.sales.graphql.queries import SalesQuery
from amity.plugins.sales.graphql.quotation_mutations import QuotationMutation
from amity.plugins.sales.graphql.quotation_types import Product, Quotation
from amity.plugins.sales.graphql.reports import ReportMutation, ReportQuery
from amity.plugins.sales.graphql.types import CustomerSales, Opportunity, Pipeline, Stage
from amity.plugins.sales.graphql.visibility import activity_shown, shown
from amity.plugins.sales.models import Activity as ActivityModel
from amity.plugins.sales.models import Lead as LeadModel
from amity.plugins.sales.models import Opportunity as OpportunityModel
from amity.plugins.sales.models import Pipeline as PipelineModel
from amity.plugins.sales.models import PriceAgreement as PriceAgreementModel
from amity.plugins.sales.models import Product as ProductModel
from amity.plugins.sales.models import Quotation as QuotationModel
from amity.plugins.sales.models import Stage as StageModel

#: Sales types reachable by global ID through ``node(id:)``: type name -> (model, permission,
#: record rule); deals and the activities on them follow the record rule there too.
NODES = {
    "Opportunity": (OpportunityModel, "sales.opportunity.read", shown),
    "Pipeline": (PipelineModel, "sales.opportunity.read"),
    "Stage": (StageModel, "sales.opportunity.read"),
    "Lead": (LeadModel, "sales.lead.read"),
    "Product": (ProductModel, "sales.quotation.read"),
    "Quotation": (QuotationModel, "sales.quotation.read"),
    "PriceAgreement": (PriceAgreementModel, "sales.quotation.read"),
    "Activity": (ActivityModel, "sales.activity.read", activity_shown),
}

ERROR_CODES = {
    "STAGE_NOT_IN_PIPELINE": "The stage belongs to another pipeline than the deal's.",
    "DEAL_CLOSED": "The deal is won or lost; reopen it before changing it.",
    "DEAL_NOT_CLOSED": "Only a won or lost deal can be reopened.",
    "MIXED_CURRENCY": "The amount's currency differs from the customer's currency.",
    "LEAD_ALREADY_CONVERTED": "The lead was already converted into a customer.",
    "LEAD_DISQUALIFIED": "A disqualified lead cannot be converted; requalify it first.",
    "INVALID_QUANTITY": "A quantity must be greater than 0.",
    "INVALID_DISCOUNT": "A discount must be between 0 and 100 percent.",
    "QUOTATION_WRONG_STATUS": "The quotation's status does not allow this step (e.g. accepting a draft).",
    "QUOTATION_EXPIRED": "The quotation is past its validity.",
    "CREDIT_LIMIT_EXCEEDED": "Accepting would take the customer's open accepted quotations above its credit limit.",
    "ACTIVITY_DONE": "The activity is already done.",
}

__all__ = [
    "ERROR_CODES", "NODES", "Activity", "ActivityMutation", "CustomerLeads", "CustomerPriceAgreements", "OpportunityActivities",
    "CustomerSales", "Lead", "LeadMutation", "Opportunity", "Pipeline", "PriceAgreement", "PricingMutation", "Product", "Quotation",
    "QuotationMutation", "ReportMutation", "ReportQuery", "SalesMutation", "SalesQuery", "Stage",
]
