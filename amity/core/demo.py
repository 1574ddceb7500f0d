"""Demo data for ``amity demo`` and ``amity serve --demo``.

``seed_demo`` creates one demo user per built-in role, a few hundred customers of every
configured type with contact persons, 18 months of interactions across the channels of
seed ``003`` and marketing consents, then hands a ``DemoContext`` to every plugin's
``seed_demo_data`` hook. The same seed gives the same data; times are relative to
``clock.now()``.

Rows are written with ``bulk_create`` in one transaction, so no domain events are emitted
for the core rows. E-mail domains end in ``.example`` (RFC 2606), so demo mail can never
reach a real mailbox; phone numbers are libphonenumber's example numbers with other last
digits, valid and in E.164 form.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumberType

from amity.core import clock, events
from amity.core.app import Amity
from amity.core.auth import create_user
from amity.core.models import (
    Channel,
    ConsentRecord,
    ContactPerson,
    Customer,
    CustomerIdentity,
    CustomerStatus,
    Direction,
    IdentityKind,
    Initiator,
    Interaction,
    InteractionMode,
    User,
)

HISTORY = timedelta(days=548)
EU_COUNTRIES = frozenset({"DE", "FR", "ES", "IT", "NL", "SE", "PL"})
PERSON_TYPES = frozenset({"individual", "person", "consumer", "private"})
MAIL_PROVIDERS = ("mail.example", "post.example", "inbox.example", "webmail.example")
LINK_BASE = "https://www.amity-demo.example"


@dataclass
class DemoContext:
    """What ``seed_demo`` made, handed to each plugin's ``seed_demo_data`` hook.

    ``customers`` are the seeded core customers (saved, ordered by id), ``users`` the demo
    users by role (``admin``, ``manager``, ``agent``, ``viewer``), ``random`` the seeded
    generator to draw from so that plugin data is deterministic too. ``seeded`` is False
    when ``seed_demo`` skipped because customers already existed; ``customers`` is then empty.
    """

    customers: list[Customer]
    users: dict[str, User]
    random: random.Random
    amity: Amity
    seeded: bool = True


# --- the catalogue -------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    """How addresses, names, money and phone numbers look in one country."""

    code: str
    name: str
    currency: str
    weight: int
    language: str
    tax_rule: str
    street_format: str  # fields: street, n (house number), a, b (Japanese block numbers)
    cities: tuple[tuple[str, str, str], ...]  # city, postal code, region
    streets: tuple[str, ...]
    given_names: tuple[str, ...]
    family_names: tuple[str, ...]
    company_suffixes: tuple[str, ...]
    money_scale: float = 1.0  # roughly how many units of the currency one euro buys
    iban: tuple[tuple[str, ...], int] | None = None  # bank codes, digits of the account after them
    family_first: bool = False
    wechat_weight: float = 0.0


COUNTRIES = (
    Country(
        "DE", "Germany", "EUR", 14, "de", "VAT 19% (DE)", "{street} {n}",
        (
            ("Berlin", "10117", ""),
            ("Hamburg", "20457", ""),
            ("München", "80331", ""),
            ("Köln", "50667", ""),
            ("Stuttgart", "70173", ""),
        ),
        ("Friedrichstraße", "Hauptstraße", "Industriestraße", "Am Sandtorkai", "Leopoldstraße"),
        ("Anna", "Lukas", "Sophie", "Jonas", "Marie", "Felix", "Katrin", "Tobias", "Julia", "Matthias"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Wagner", "Brandt", "Keller"),
        ("GmbH", "AG", "GmbH & Co. KG"),
        iban=(("37040044", "50010517", "10020030"), 10),
    ),
    Country(
        "FR", "France", "EUR", 9, "fr", "TVA 20% (FR)", "{n} {street}",
        (
            ("Paris", "75008", ""),
            ("Lyon", "69002", ""),
            ("Marseille", "13001", ""),
            ("Toulouse", "31000", ""),
            ("Lille", "59000", ""),
        ),
        ("rue de Rivoli", "avenue Jean Jaurès", "boulevard Haussmann", "rue de la République", "quai de la Joliette"),
        ("Camille", "Louis", "Chloé", "Hugo", "Léa", "Julien", "Manon", "Nicolas", "Élodie", "Antoine"),
        ("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefèvre", "Girard", "Fontaine", "Chevalier", "Rousseau"),
        ("SA", "SAS", "SARL"),
        iban=(("3000600001", "2004101005", "3000400003"), 13),
    ),
    Country(
        "GB", "United Kingdom", "GBP", 10, "en", "VAT 20% (GB)", "{n} {street}",
        (
            ("London", "EC2A 4NE", ""),
            ("Manchester", "M1 1AE", ""),
            ("Birmingham", "B1 1BB", ""),
            ("Edinburgh", "EH1 1YZ", ""),
            ("Bristol", "BS1 4DJ", ""),
        ),
        ("High Street", "Deansgate", "King Street", "Victoria Road", "Church Lane"),
        ("Oliver", "Amelia", "Harry", "Isla", "George", "Emily", "Jack", "Charlotte", "Thomas", "Grace"),
        ("Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thompson", "Walker", "Wright", "O'Brien"),
        ("Ltd", "PLC", "LLP"),
        money_scale=0.85,
        iban=(("NWBK601613", "BARC200000", "LOYD309634"), 8),
    ),
    Country(
        "US", "United States", "USD", 14, "en", "Sales tax (state)", "{n} {street}",
        (
            ("New York", "10001", "NY"),
            ("Chicago", "60601", "IL"),
            ("Austin", "78701", "TX"),
            ("Seattle", "98101", "WA"),
            ("Boston", "02110", "MA"),
        ),
        ("Market Street", "Main Street", "Michigan Avenue", "Congress Avenue", "Elm Street"),
        ("James", "Olivia", "Michael", "Emma", "David", "Sophia", "Daniel", "Ava", "Ethan", "Madison"),
        ("Johnson", "Williams", "Miller", "Davis", "Garcia", "Rodriguez", "Anderson", "Clark", "Lewis", "Carter"),
        ("Inc.", "LLC", "Corp."),
        money_scale=1.1,
    ),
    Country(
        "ES", "Spain", "EUR", 6, "es", "IVA 21% (ES)", "{street} {n}",
        (
            ("Madrid", "28013", ""),
            ("Barcelona", "08002", ""),
            ("Valencia", "46002", ""),
            ("Sevilla", "41001", ""),
            ("Bilbao", "48001", ""),
        ),
        ("Calle de Alcalá", "Gran Vía", "Passeig de Gràcia", "Calle Mayor", "Avenida de la Constitución"),
        ("Lucía", "Javier", "María", "Pablo", "Carmen", "Alejandro", "Elena", "Diego", "Laura", "Sergio"),
        ("García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz", "Navarro", "Torres"),
        ("S.A.", "S.L."),
        iban=(("21000418", "00491500", "01822370"), 12),
    ),
    Country(
        "IT", "Italy", "EUR", 6, "it", "IVA 22% (IT)", "{street} {n}",
        (
            ("Milano", "20121", "MI"),
            ("Roma", "00184", "RM"),
            ("Torino", "10121", "TO"),
            ("Bologna", "40121", "BO"),
            ("Napoli", "80133", "NA"),
        ),
        ("Via Roma", "Corso Buenos Aires", "Via Garibaldi", "Via Dante", "Piazza del Duomo"),
        ("Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Sara", "Matteo", "Valentina", "Andrea"),
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco"),
        ("S.p.A.", "S.r.l."),
        iban=(("X0542811101", "K0306909606"), 12),
    ),
    Country(
        "NL", "Netherlands", "EUR", 5, "nl", "BTW 21% (NL)", "{street} {n}",
        (
            ("Amsterdam", "1012 AB", ""),
            ("Rotterdam", "3011 AD", ""),
            ("Utrecht", "3511 AX", ""),
            ("Eindhoven", "5611 AZ", ""),
        ),
        ("Damrak", "Coolsingel", "Oudegracht", "Stationsweg", "Kerkstraat"),
        ("Daan", "Emma", "Sem", "Julia", "Lars", "Sanne", "Bram", "Fleur", "Thijs", "Lotte"),
        ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer"),
        ("B.V.", "N.V."),
        iban=(("ABNA", "RABO", "INGB"), 10),
    ),
    Country(
        "SE", "Sweden", "SEK", 4, "sv", "Moms 25% (SE)", "{street} {n}",
        (("Stockholm", "111 52", ""), ("Göteborg", "411 03", ""), ("Malmö", "211 20", ""), ("Uppsala", "753 20", "")),
        ("Drottninggatan", "Kungsgatan", "Storgatan", "Sveavägen", "Götgatan"),
        ("Elsa", "Oscar", "Maja", "William", "Astrid", "Erik", "Ingrid", "Nils", "Freja", "Anders"),
        ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Lindqvist", "Berg", "Holm", "Sandberg"),
        ("AB",),
        money_scale=11.0,
        iban=(("500", "800", "600"), 17),
    ),
    Country(
        "CH", "Switzerland", "CHF", 4, "de", "MWST 8.1% (CH)", "{street} {n}",
        (
            ("Zürich", "8001", "ZH"),
            ("Genève", "1204", "GE"),
            ("Basel", "4051", "BS"),
            ("Bern", "3011", "BE"),
            ("Lausanne", "1003", "VD"),
        ),
        ("Bahnhofstrasse", "Rue du Rhône", "Freie Strasse", "Marktgasse", "Avenue de la Gare"),
        ("Noah", "Mia", "Luca", "Lea", "Nico", "Laura", "Jan", "Nina", "Reto", "Céline"),
        ("Meier", "Keller", "Frei", "Gerber", "Baumann", "Favre", "Bonvin", "Steiner", "Huber", "Brunner"),
        ("AG", "SA", "GmbH"),
        money_scale=0.95,
        iban=(("00762", "00230", "09000"), 12),
    ),
    Country(
        "PL", "Poland", "PLN", 4, "pl", "VAT 23% (PL)", "{street} {n}",
        (
            ("Warszawa", "00-001", ""),
            ("Kraków", "31-042", ""),
            ("Wrocław", "50-001", ""),
            ("Gdańsk", "80-001", ""),
            ("Poznań", "61-001", ""),
        ),
        ("ul. Marszałkowska", "ul. Floriańska", "ul. Świdnicka", "ul. Długa", "ul. Półwiejska"),
        ("Zofia", "Jakub", "Katarzyna", "Piotr", "Agnieszka", "Tomasz", "Magdalena", "Paweł", "Aleksandra", "Michał"),
        ("Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Kaczmarek", "Zając", "Król", "Wieczorek", "Pawlak"),
        ("sp. z o.o.", "S.A."),
        money_scale=4.3,
        iban=(("10901014", "11402004", "10501445"), 16),
    ),
    Country(
        "JP", "Japan", "JPY", 6, "ja", "Consumption tax 10% (JP)", "{street} {a}-{b}-{n}",
        (
            ("Tokyo", "100-0005", "Tokyo"),
            ("Osaka", "530-0001", "Osaka"),
            ("Nagoya", "450-0002", "Aichi"),
            ("Yokohama", "220-0012", "Kanagawa"),
            ("Fukuoka", "812-0011", "Fukuoka"),
        ),
        ("Marunouchi", "Umeda", "Meieki", "Minatomirai", "Hakata Ekimae"),
        ("Yui", "Haruto", "Sakura", "Ren", "Aoi", "Sota", "Hina", "Takumi", "Mei", "Kenji"),
        ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato"),
        ("K.K.", "Co., Ltd."),
        money_scale=160.0,
    ),
    Country(
        "CN", "China", "CNY", 5, "zh", "VAT 13% (CN)", "{n} {street}",
        (
            ("Shanghai", "200120", "Shanghai"),
            ("Beijing", "100020", "Beijing"),
            ("Shenzhen", "518000", "Guangdong"),
            ("Hangzhou", "310000", "Zhejiang"),
            ("Guangzhou", "510000", "Guangdong"),
        ),
        ("Century Avenue", "Jianguo Road", "Shennan Boulevard", "Wensan Road", "Tianhe Road"),
        ("Wei", "Fang", "Jing", "Lei", "Min", "Hao", "Li", "Yan", "Jun", "Xiu"),
        ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Zhou", "Wu"),
        ("Co., Ltd.",),
        money_scale=7.8,
        family_first=True,
        wechat_weight=8.0,
    ),
    Country(
        "BR", "Brazil", "BRL", 4, "pt", "ICMS/ISS (BR)", "{street}, {n}",
        (
            ("São Paulo", "01310-100", "SP"),
            ("Rio de Janeiro", "20040-002", "RJ"),
            ("Belo Horizonte", "30130-010", "MG"),
            ("Curitiba", "80010-000", "PR"),
            ("Porto Alegre", "90010-150", "RS"),
        ),
        ("Avenida Paulista", "Rua da Assembleia", "Avenida Afonso Pena", "Rua XV de Novembro", "Rua dos Andradas"),
        ("Ana", "João", "Beatriz", "Gabriel", "Larissa", "Rafael", "Camila", "Lucas", "Fernanda", "Thiago"),
        ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Ferreira", "Rodrigues", "Carvalho"),
        ("Ltda.", "S.A."),
        money_scale=5.5,
    ),
    Country(
        "IN", "India", "INR", 5, "en", "GST 18% (IN)", "{n} {street}",
        (
            ("Mumbai", "400001", "MH"),
            ("Bengaluru", "560001", "KA"),
            ("New Delhi", "110001", "DL"),
            ("Pune", "411001", "MH"),
            ("Chennai", "600001", "TN"),
        ),
        ("MG Road", "Nariman Point", "Connaught Place", "FC Road", "Anna Salai"),
        ("Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Isha", "Arjun", "Kavya", "Rahul", "Neha"),
        ("Sharma", "Patel", "Iyer", "Gupta", "Reddy", "Nair", "Mehta", "Singh", "Rao", "Kapoor"),
        ("Pvt. Ltd.", "Ltd."),
        money_scale=90.0,
    ),
    Country(
        "AU", "Australia", "AUD", 4, "en", "GST 10% (AU)", "{n} {street}",
        (("Sydney", "2000", "NSW"), ("Melbourne", "3000", "VIC"), ("Brisbane", "4000", "QLD"), ("Perth", "6000", "WA")),
        ("George Street", "Collins Street", "Queen Street", "Hay Street"),
        ("Charlotte", "Jack", "Mia", "Noah", "Chloe", "William", "Zoe", "Liam", "Ruby", "Cooper"),
        ("Smith", "Nguyen", "Kelly", "Ryan", "Campbell", "Murphy", "Mitchell", "Harris", "Robinson", "Walsh"),
        ("Pty Ltd",),
        money_scale=1.65,
    ),
    Country(
        "CA", "Canada", "CAD", 4, "en", "GST/HST (CA)", "{n} {street}",
        (
            ("Toronto", "M5H 2N2", "ON"),
            ("Vancouver", "V6B 1A1", "BC"),
            ("Montréal", "H3B 2Y5", "QC"),
            ("Calgary", "T2P 1J9", "AB"),
        ),
        ("Bay Street", "Granville Street", "Rue Sainte-Catherine", "Stephen Avenue"),
        ("Liam", "Olivia", "Noah", "Emma", "Benjamin", "Charlotte", "Félix", "Amélie", "Ethan", "Chloé"),
        ("Tremblay", "Roy", "Gagnon", "Smith", "Brown", "MacDonald", "Wilson", "Bouchard", "Lee", "Martin"),
        ("Inc.", "Ltd."),
        money_scale=1.5,
    ),
    Country(
        "SG", "Singapore", "SGD", 3, "en", "GST 9% (SG)", "{n} {street}",
        (("Singapore", "018956", ""), ("Singapore", "238859", ""), ("Singapore", "048624", "")),
        ("Marina Boulevard", "Orchard Road", "Raffles Place", "Shenton Way"),
        ("Wei Ling", "Jun Jie", "Hui Min", "Kai", "Priya", "Ethan", "Mei", "Darren", "Nurul", "Ravi"),
        ("Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Koh", "Teo"),
        ("Pte. Ltd.",),
        money_scale=1.45,
        family_first=True,
        wechat_weight=1.0,
    ),
)


@dataclass(frozen=True)
class TypeProfile:
    """How customers of one type are named, staffed and given credit."""

    sectors: tuple[str, ...]
    titles: tuple[str, ...]
    credit: tuple[int, int]  # euros
    payment_terms: tuple[str, ...]
    type_weight: int


TYPE_PROFILES = {
    "individual": TypeProfile((), (), (0, 5_000), ("Due on receipt", "Prepayment", "Net 14"), 30),
    "enterprise": TypeProfile(
        ("Logistics", "Consulting", "Software", "Retail Group", "Hospitality", "Engineering", "Media", "Facility Services"),
        ("Head of Procurement", "Operations Director", "Office Manager", "CFO", "IT Manager", "Facility Manager"),
        (10_000, 250_000), ("Net 30", "Net 30", "Net 45", "2/10 Net 30"), 25,
    ),
    "distributor": TypeProfile(
        ("Trading", "Distribution", "Wholesale", "Supply", "Import & Export"),
        ("Purchasing Manager", "Category Manager", "Managing Director", "Warehouse Manager", "Sales Director"),
        (50_000, 500_000), ("Net 30", "Net 45", "Net 60"), 15,
    ),
    "manufacturer": TypeProfile(
        ("Precision Tools", "Plastics", "Electronics", "Machinery", "Packaging", "Components", "Textiles", "Foods"),
        ("Plant Manager", "Head of Procurement", "Production Planner", "Quality Manager", "Maintenance Lead"),
        (25_000, 400_000), ("Net 30", "Net 60", "2/10 Net 30"), 15,
    ),
    "government": TypeProfile(
        ("{city} City Council", "{city} Public Works", "{city} Water Authority", "{city} University Hospital",
         "{city} Regional Transport Authority", "{city} Fire and Rescue Service"),
        ("Procurement Officer", "Head of Facilities", "IT Director", "Budget Officer"),
        (100_000, 1_000_000), ("Net 30", "Net 60"), 7,
    ),
    "institutional_investor": TypeProfile(
        ("Capital Partners", "Asset Management", "Pension Fund", "Investments", "Family Office"),
        ("Portfolio Manager", "Investor Relations", "Chief Investment Officer", "Analyst"),
        (0, 50_000), ("Net 30",), 5,
    ),
}
OTHER_TYPE = TypeProfile(
    ("Services", "Group", "Partners", "Solutions", "Holdings"),
    ("Managing Director", "Purchasing Manager", "Office Manager", "Finance Manager"),
    (5_000, 100_000), ("Net 30", "Net 14"), 8,
)

DEMO_USERS = {
    "admin": ("ada", "Ada Okafor"),
    "manager": ("max", "Max Lindqvist"),
    "agent": ("alex", "Alex Moreau"),
    "viewer": ("vera", "Vera Novak"),
}
OWNER_WEIGHTS = {"agent": 55, "manager": 35, "admin": 10}
STATUS_WEIGHTS = {CustomerStatus.ACTIVE: 80, CustomerStatus.INACTIVE: 12, CustomerStatus.LOST: 8}

ORGANISATION_TAGS = (
    "key-account", "newsletter", "framework-agreement", "export", "trade-fair-lead", "late-payer",
    "eco-certified", "upsell-candidate", "referral", "public-tender", "webshop",
)
PERSON_TAGS = ("newsletter", "loyalty-club", "webshop", "referral", "vip", "b2c")
PREFERENTIAL_TERMS = (
    "3% discount on orders above {large}",
    "Free delivery on orders above {small}",
    "Annual volume rebate of 5% above {huge}",
    "Extended warranty of 36 months on all equipment",
    "Prices fixed until the end of the calendar year",
)
PRODUCTS = (
    "barcode scanners", "label printers", "warehouse shelving", "packaging film", "the service plan",
    "spare parts kits", "forklift batteries", "pallet wrappers", "the fleet tracking subscription", "LED high-bay lights",
)
CONSENT_SOURCES = (
    "web sign-up form", "trade fair sign-up sheet", "customer portal preferences", "order checkout opt-in",
    "phone call with account manager", "paper contract, clause 14",
)


@dataclass(frozen=True)
class ChannelStyle:
    """How exchanges on one channel happen: their mode, how common they are, and notes
    (subject, summary) for each direction. Outbound exchanges are started by the company,
    inbound ones by the customer."""

    mode: InteractionMode
    weight: float
    outbound: tuple[tuple[str, str], ...] = ()
    inbound: tuple[tuple[str, str], ...] = ()
    linked: bool = False  # whether the exchange has a web address


F2F, INDIRECT, MEDIA = InteractionMode.FACE_TO_FACE, InteractionMode.INDIRECT, InteractionMode.NON_PERSONAL

CHANNEL_STYLES: dict[Channel, ChannelStyle] = {
    Channel.MEETING: ChannelStyle(F2F, 10, outbound=(
        ("Quarterly business review", "QBR with {contact} at their {city} office. Volumes up on {product}; they expect a larger call-off in {quarter}. Agreed to send an updated price list."),
        ("Site visit", "Walked the site with {contact}. Their current supplier struggles with lead times on {product}; they asked for a trial batch. {owner} prepares a sample offer."),
        ("Contract renewal meeting", "Discussed renewal of the framework agreement. {contact} asked for 60-day terms instead of 30; we offered a volume rebate instead. Decision expected within {weeks} weeks."),
        ("Introductory meeting", "First meeting with {contact}. Presented the {product} range; main interest is service levels and local stock. Follow-up demo booked."),
    ), inbound=(
        ("Customer visit to showroom", "{contact} visited the showroom to compare {product} options. Left with brochures and a quote request for about {amount}."),
        ("Escalation meeting requested by customer", "{contact} asked for a meeting after two late deliveries. Walked through the root cause (carrier capacity) and agreed weekly status calls until back on track."),
    )),
    Channel.LETTER: ChannelStyle(INDIRECT, 2, outbound=(
        ("Annual price adjustment notice", "Sent the formal notice of a {percent}% price adjustment from next quarter, with the updated {product} price list."),
        ("Contract documents sent for signature", "Posted two signed copies of the framework agreement to {contact}; one countersigned copy to come back."),
    ), inbound=(
        ("Letter: change of invoice address", "Letter confirming a new invoice address from next month. Passed to accounts to update the master data."),
        ("Letter disputing an invoice", "{contact} disputes invoice {invoice}: quantity billed twice. Forwarded to accounts receivable for a credit note."),
    )),
    Channel.PHONE: ChannelStyle(INDIRECT, 16, outbound=(
        ("Follow-up call on quotation", "Called {contact} about our quote for {product} ({amount}). They are comparing two offers; we are within 5% of the competitor. Call back next week."),
        ("Payment reminder call", "Reminded {contact} of overdue invoice {invoice}. Payment promised by the end of the week; noted in the credit file."),
        ("Check-in call", "Routine check-in with {contact}. No open issues; budget planning for {quarter} under way, asked for a roadmap update on {product}."),
    ), inbound=(
        ("Customer called about delivery status", "{contact} called about order {order}. Shipment left the warehouse yesterday; gave the tracking number and an ETA of {days} days."),
        ("Inbound call: request for quote", "{contact} called for pricing on {product}. Quote for roughly {amount} goes out today."),
        ("Support call: installation question", "{contact} had trouble installing {product}. Talked through the settings; solved on the call."),
    )),
    Channel.FAX: ChannelStyle(INDIRECT, 1, outbound=(
        ("Order confirmation faxed", "Faxed the signed order confirmation for {order}, as their purchasing department requires."),
    ), inbound=(
        ("Purchase order received by fax", "Purchase order {order} for {product} received by fax from {contact}. Entered in the order system; confirmation to follow."),
    )),
    Channel.WEBSITE: ChannelStyle(MEDIA, 6, inbound=(
        ("Web form enquiry", "Enquiry through the website contact form about {product}: delivery times to {city} and minimum order quantities. Routed to {owner}."),
        ("Downloaded product datasheet", "Downloaded the {product} datasheet and pricing guide after visiting the product page three times this week."),
        ("Order placed in web shop", "Web shop order {order} for {product}, {amount}. Paid by card; standard delivery."),
    ), linked=True),
    Channel.EMAIL: ChannelStyle(INDIRECT, 18, outbound=(
        ("Quote sent", "E-mailed a quote for {product} ({amount}) to {contact}, valid 30 days, delivery to {city} included."),
        ("Meeting recap", "Sent the recap of our last meeting with action items: sample batch, revised payment terms, next review in {quarter}."),
        ("Invoice copy sent", "Sent a copy of invoice {invoice} to {contact} for their accounts payable team."),
    ), inbound=(
        ("Question about invoice", "{contact} asked why invoice {invoice} shows a freight surcharge. Explained the fuel surcharge clause; accepted."),
        ("Request for product documentation", "{contact} asked for safety data sheets and certificates for {product}. Sent the same day."),
        ("Complaint: damaged goods", "{contact} reports two damaged cartons in delivery {order}, photos attached. Replacement shipped, claim filed with the carrier."),
    )),
    Channel.CHAT: ChannelStyle(INDIRECT, 6, outbound=(
        ("Chat follow-up after webinar", "Proactive chat after the webinar: {contact} wants a short call about {product} pricing; booked for Thursday."),
    ), inbound=(
        ("Chat: order status", "Asked on live chat about the status of {order}. Confirmed dispatch and shared the tracking link."),
        ("Chat: product compatibility", "Asked whether {product} works with their existing setup. Confirmed, and sent the installation guide."),
    )),
    Channel.FORUM: ChannelStyle(MEDIA, 2, inbound=(
        ("Forum post: feature request", "Asked in the user forum for a bulk export in the {product} portal. Product team replied; logged as a feature request."),
        ("Forum question answered", "Asked the community about maintenance intervals for {product}; our support engineer answered in the thread."),
    ), linked=True),
    Channel.SOCIAL_NETWORK: ChannelStyle(MEDIA, 3, outbound=(
        ("Connected on LinkedIn", "{owner} connected with {contact} on LinkedIn after the trade fair and sent the brochure with a short note."),
    ), inbound=(
        ("Shared our case study", "{contact} shared our case study on LinkedIn and tagged the account team. Good moment to propose a reference visit."),
        ("Comment on company post", "Commented on our post about {product}, asking about availability in {country}."),
    ), linked=True),
    Channel.MICROBLOG: ChannelStyle(MEDIA, 2, inbound=(
        ("Public post about a delivery delay", "Posted publicly about a delayed delivery. The social team replied within the hour and moved the conversation to a direct message."),
        ("Praise on social media", "Short public post thanking the service team for the quick repair of their {product}. Shared internally."),
    ), linked=True),
    Channel.WECHAT: ChannelStyle(INDIRECT, 0, outbound=(
        ("WeChat: shipping update", "Sent {contact} the customs clearance documents and the ETA for {order} on WeChat."),
    ), inbound=(
        ("WeChat: price enquiry", "{contact} asked on WeChat for {quarter} prices on {product}. Sent the price sheet as PDF."),
    )),
    Channel.BLOG: ChannelStyle(MEDIA, 2, outbound=(
        ("Read our blog article", "Opened the blog article on the total cost of ownership of {product}, linked from the newsletter."),
    ), inbound=(
        ("Comment on blog article", "Commented on our article about {product} maintenance and asked for a checklist; sent it by e-mail."),
    ), linked=True),
    Channel.PODCAST: ChannelStyle(MEDIA, 1, outbound=(
        ("Listened to our podcast", "Listened to the podcast episode on supply chain resilience through the campaign link; {contact} mentioned it on the next call."),
    ), linked=True),
    Channel.CLUB: ChannelStyle(F2F, 2, outbound=(
        ("Customer club dinner", "{contact} came to the customer club dinner in {city}. Talked about expansion plans; interested in the service plan."),
        ("Club members' workshop", "Attended the club members' workshop on {product} and asked for a follow-up visit."),
    )),
    Channel.EVENT: ChannelStyle(MEDIA, 4, outbound=(
        ("Visited our trade fair booth", "{contact} stopped by our booth at the trade fair; badge scanned, interested in {product}. Handed over to {owner}."),
        ("Attended webinar", "Attended the webinar 'Getting more out of {product}' and stayed for the Q&A."),
        ("Registered for open house", "Registered for our open house in {city} with two colleagues after the invitation mailing."),
    )),
    Channel.ADVERTISING: ChannelStyle(MEDIA, 2, outbound=(
        ("Responded to trade magazine ad", "Used the code from our trade magazine ad to request the {product} catalogue."),
        ("Clicked search ad", "Came in through the search campaign for {product} and signed up for the price alert."),
    ), linked=True),
    Channel.SMS: ChannelStyle(INDIRECT, 3, outbound=(
        ("SMS: delivery notification", "Delivery notification for {order} sent by SMS with a two-hour delivery window."),
        ("SMS: appointment reminder", "Reminder for tomorrow's service appointment sent by SMS."),
    ), inbound=(
        ("SMS reply: reschedule request", "Replied to the reminder asking to move the appointment to next week. Rescheduled."),
    )),
}
BUSINESS_ONLY = frozenset({
    "Quarterly business review", "Site visit", "Contract renewal meeting", "Escalation meeting requested by customer",
    "Contract documents sent for signature", "Letter disputing an invoice", "Payment reminder call",
    "Order confirmation faxed", "Purchase order received by fax", "Invoice copy sent", "Connected on LinkedIn",
    "Shared our case study",
})
LOST_NOTE = (
    Channel.PHONE,
    ("Customer ended the relationship", "{contact} told us they moved the business to a competitor with lower prices on {product}. Win-back review in six months."),
)


# --- generating rows (no database access) --------------------------------------------


@dataclass
class CustomerDraft:
    """An unsaved customer with its owner, contacts, interactions and consents."""

    customer: Customer
    country: Country
    owner: User
    contacts: list[ContactPerson] = field(default_factory=list)
    interactions: list[tuple[Interaction, str | None]] = field(default_factory=list)  # with the contact's e-mail
    consents: list[ConsentRecord] = field(default_factory=list)

    def identities(self) -> list[tuple[str, str]]:
        """The rows ``customers.sync_identities`` would keep for this customer."""
        found = {(IdentityKind.EMAIL.value, item["address"]) for item in self.customer.emails}
        found |= {(IdentityKind.PHONE.value, item["number"]) for item in self.customer.phones}
        found |= {(IdentityKind.EMAIL.value, c.email) for c in self.contacts if c.email}
        found |= {(IdentityKind.PHONE.value, c.phone) for c in self.contacts if c.phone}
        return sorted(found)


def ascii_slug(text: str, separator: str = "") -> str:
    """Lower-case ASCII letters and digits of ``text``, words joined by ``separator``."""
    text = text.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("Ł", "L").replace("&", " ")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = ["".join(ch for ch in word if ch.isalnum()) for word in plain.split()]
    return separator.join(word for word in words if word)


def iban(country_code: str, bban: str) -> str:
    """An IBAN with correct check digits (ISO 13616) for a basic bank account number."""
    digits = "".join(str(int(ch, 36)) for ch in f"{bban}{country_code}00")
    return f"{country_code}{98 - int(digits) % 97:02d}{bban}"


class DemoBuilder:
    """Draws demo rows from a seeded ``random.Random``; keeps e-mails, phones and names
    unique across everything it builds."""

    def __init__(self, rng: random.Random, now: datetime, users: dict[str, User], customer_types: tuple[str, ...]) -> None:
        self.rng = rng
        self.now = now
        self.users = users
        self.customer_types = customer_types
        self.first_types = rng.sample(customer_types, len(customer_types))
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        self.names: set[str] = set()
        self.domains: set[str] = set()

    # small draws

    def country(self) -> Country:
        """A country, the larger markets more often."""
        return self.rng.choices(COUNTRIES, weights=[c.weight for c in COUNTRIES])[0]

    def customer_type(self, index: int) -> str:
        """Every configured type once first (in shuffled order), then by weight."""
        if index < len(self.first_types):
            return self.first_types[index]
        weights = [profile(kind).type_weight for kind in self.customer_types]
        return self.rng.choices(self.customer_types, weights=weights)[0]

    def person(self, country: Country) -> tuple[str, str, str]:
        """Given name, family name and the name as written in the country."""
        given, family = self.rng.choice(country.given_names), self.rng.choice(country.family_names)
        return given, family, f"{family} {given}" if country.family_first else f"{given} {family}"

    def owner(self) -> User:
        """The account owner: mostly the agent, often the manager, sometimes the admin."""
        roles = list(OWNER_WEIGHTS)
        return self.users[self.rng.choices(roles, weights=[OWNER_WEIGHTS[r] for r in roles])[0]]

    def money(self, country: Country, euros: float) -> Decimal:
        """``euros`` in the country's currency, rounded to two significant digits."""
        amount = euros * country.money_scale
        step = 10 ** max(len(str(int(amount))) - 2, 0)
        return Decimal(round(amount / step) * step).quantize(Decimal("0.01"))

    def money_text(self, country: Country, euros: float) -> str:
        """``money`` as text for notes: ``12,000 EUR``."""
        return f"{self.money(country, euros):,.0f} {country.currency}"

    def moment(self, start: datetime, end: datetime) -> datetime:
        """A time during office hours between ``start`` and ``end``."""
        day = start + timedelta(seconds=self.rng.uniform(0, (end - start).total_seconds()))
        at = day.replace(hour=self.rng.randint(7, 17), minute=self.rng.randrange(0, 60, 5), second=0, microsecond=0)
        return min(max(at, start), end)

    # contact data

    def email(self, local: str, domain: str) -> str:
        """``local@domain``, numbered when taken."""
        address, number = f"{local}@{domain}", 1
        while address in self.emails:
            number += 1
            address = f"{local}{number}@{domain}"
        self.emails.add(address)
        return address

    def domain(self, name: str) -> str:
        """A unique ``.example`` domain from the first two words of an organisation's name."""
        base = "-".join(ascii_slug(name, "-").split("-")[:2])
        domain, number = f"{base}.example", 1
        while domain in self.domains:
            number += 1
            domain = f"{base}{number}.example"
        self.domains.add(domain)
        return domain

    def phone(self, country: Country, mobile: bool) -> str:
        """A valid, unused E.164 number: the country's example number with new last digits."""
        kind = PhoneNumberType.MOBILE if mobile else PhoneNumberType.FIXED_LINE
        example = phonenumbers.example_number_for_type(country.code, kind)
        head = str(example.national_number)[:-4]
        while True:
            number = phonenumbers.PhoneNumber(
                country_code=example.country_code,
                national_number=int(f"{head}{self.rng.randrange(10_000):04d}"),
                italian_leading_zero=example.italian_leading_zero,
            )
            text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if text not in self.phones and phonenumbers.is_valid_number(number):
                self.phones.add(text)
                return text

    def address(self, country: Country, city: tuple[str, str, str] | None = None) -> dict[str, str]:
        """An address in ``city`` (or any city of the country), in the shape the service keeps."""
        name, postal_code, region = city or self.rng.choice(country.cities)
        street = country.street_format.format(
            street=self.rng.choice(country.streets), n=self.rng.randint(1, 160),
            a=self.rng.randint(1, 9), b=self.rng.randint(1, 30),
        )
        return {"street": street, "city": name, "postal_code": postal_code, "region": region, "country": country.code}

    # customers

    def organisation_name(self, kind: str, country: Country, city: str) -> str:
        """A unique, plausible name for an organisation of ``kind``."""
        sectors = profile(kind).sectors
        for _ in range(20):
            if kind == "government":
                name = self.rng.choice(sectors).format(city=city)
            else:
                families = self.rng.sample(country.family_names, 2)
                stem = f"{families[0]} & {families[1]}" if self.rng.random() < 0.2 else families[0]
                name = f"{stem} {self.rng.choice(sectors)} {self.rng.choice(country.company_suffixes)}"
            if name not in self.names:
                break
        else:
            name = f"{name} ({len(self.names) + 1})"
        self.names.add(name)
        return name

    def customer(self, number: int, kind: str) -> CustomerDraft:
        """Customer ``C-<number>`` of type ``kind`` with everything that belongs to it."""
        country = self.country()
        status = self.rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        oldest = 400 if status != CustomerStatus.ACTIVE else 20
        created_at = self.now - timedelta(days=self.rng.randint(oldest, 1500), minutes=self.rng.randint(0, 600))
        city = self.rng.choice(country.cities)
        is_person = kind in PERSON_TYPES
        values = self.person_fields(country) if is_person else self.organisation_fields(kind, country, city[0])
        postal = self.address(country, city)
        owner = self.owner()
        customer = Customer(
            code=f"C-{number:05d}", type=kind, status=status.value, postal_address=postal,
            delivery_address=self.delivery_address(country, postal, is_person),
            invoice_address=postal if is_person or self.rng.random() < 0.7 else self.address(country, city),
            owner_id=owner.id, created_at=created_at,
            updated_at=created_at + (self.now - created_at) * self.rng.random(), version=1,
            **values, **self.terms(kind, country, is_person),
        )
        draft = CustomerDraft(customer, country, owner)
        if not is_person:
            draft.contacts = self.contacts(draft, kind)
        draft.interactions = self.interactions(draft, status)
        draft.consents = self.consents(draft)
        return draft

    def person_fields(self, country: Country) -> dict[str, Any]:
        """Name, contact data, tags and attributes of a private person."""
        given, family, name = self.person(country)
        phones = [{"label": "mobile", "number": self.phone(country, mobile=True)}]
        if self.rng.random() < 0.3:
            phones.append({"label": "home", "number": self.phone(country, mobile=False)})
        local = f"{ascii_slug(given)}.{ascii_slug(family)}"
        email = self.email(local, self.rng.choice(MAIL_PROVIDERS))
        tags = self.rng.sample(PERSON_TAGS, self.rng.randint(0, 2))
        segment = self.rng.choices("ABC", weights=(1, 3, 6))[0]
        return {
            "name": name, "emails": [{"label": "personal", "address": email}], "phones": phones,
            "tags": sorted(tags), "attributes": {"segment": segment, "language": country.language},
        }

    def organisation_fields(self, kind: str, country: Country, city: str) -> dict[str, Any]:
        """Name, contact data, tags and attributes of an organisation."""
        name = self.organisation_name(kind, country, city)
        domain = self.domain(name)
        emails = [{"label": "work", "address": self.email(self.rng.choice(("info", "office", "contact")), domain)}]
        if self.rng.random() < 0.5:
            emails.append({"label": "billing", "address": self.email("accounts", domain)})
        tags = self.rng.sample(ORGANISATION_TAGS, self.rng.randint(0, 3))
        segment = self.rng.choices("ABC", weights=(2, 3, 5))[0]
        return {
            "name": name, "emails": emails, "phones": [{"label": "work", "number": self.phone(country, mobile=False)}],
            "tags": sorted(tags),
            "attributes": {"segment": segment, "language": country.language, "industry": industry(kind, name)},
        }

    def delivery_address(self, country: Country, postal: dict[str, str], is_person: bool) -> dict[str, str]:
        """Mostly the postal address; organisations sometimes deliver to a warehouse."""
        if is_person or self.rng.random() < 0.75:
            return postal
        return self.address(country)

    def terms(self, kind: str, country: Country, is_person: bool) -> dict[str, Any]:
        """Currency, payment and preferential terms, tax rule, bank account and credit limit."""
        low, high = profile(kind).credit
        terms: dict[str, Any] = {
            "currency": country.currency,
            "payment_terms": self.rng.choice(profile(kind).payment_terms),
            "tax_rule": country.tax_rule,
            "credit_limit": self.money(country, self.rng.uniform(low, high)),
            "preferential_terms": "",
            "bank_account": "",
        }
        if not is_person and country.code in EU_COUNTRIES and self.rng.random() < 0.15:
            terms["tax_rule"] = "Reverse charge (EU B2B)"
        if not is_person and self.rng.random() < 0.3:
            terms["preferential_terms"] = self.rng.choice(PREFERENTIAL_TERMS).format(
                small=self.money_text(country, 2_500), large=self.money_text(country, 10_000),
                huge=self.money_text(country, 100_000),
            )
        if not is_person and country.iban and self.rng.random() < 0.8:
            bank_codes, digits = country.iban
            account = "".join(str(self.rng.randrange(10)) for _ in range(digits))
            terms["bank_account"] = iban(country.code, f"{self.rng.choice(bank_codes)}{account}")
        return terms

    def contacts(self, draft: CustomerDraft, kind: str) -> list[ContactPerson]:
        """One to four people at an organisation; the first is the primary contact."""
        customer, country = draft.customer, draft.country
        domain = customer.emails[0]["address"].split("@", 1)[1]
        titles = self.rng.sample(profile(kind).titles, min(self.rng.randint(1, 4), len(profile(kind).titles)))
        people = []
        for position, title in enumerate(titles):
            given, family, name = self.person(country)
            phone = None
            if self.rng.random() < 0.9:
                phone = self.phone(country, mobile=self.rng.random() < 0.7)
            people.append(ContactPerson(
                name=name, title=title, email=self.email(f"{ascii_slug(given)}.{ascii_slug(family)}", domain),
                phone=phone, is_primary=position == 0,
                created_at=min(customer.created_at + timedelta(days=self.rng.randint(0, 90)), self.now),
            ))
        return people

    # interactions and consents

    def channel(self, country: Country) -> Channel:
        """A channel by how common it is; WeChat only where it is used."""
        channels = list(CHANNEL_STYLES)
        weights = [country.wechat_weight if c == Channel.WECHAT else CHANNEL_STYLES[c].weight for c in channels]
        return self.rng.choices(channels, weights=weights)[0]

    def interactions(self, draft: CustomerDraft, status: CustomerStatus) -> list[tuple[Interaction, str | None]]:
        """Three to twelve exchanges over the last 18 months; they stop earlier for
        inactive and lost customers, and a lost customer's last one says why."""
        start = max(draft.customer.created_at, self.now - HISTORY)
        end = self.now
        if status != CustomerStatus.ACTIVE:
            end = self.now - timedelta(days=self.rng.randint(60, 300))
        times = sorted(self.moment(start, end) for _ in range(self.rng.randint(3, 12)))
        made = []
        for position, at in enumerate(times):
            if status == CustomerStatus.LOST and position == len(times) - 1:
                channel, direction, note = LOST_NOTE[0], Direction.INBOUND, LOST_NOTE[1]
            else:
                channel, direction, note = self.note(draft)
            made.append(self.interaction(draft, channel, direction, note, at))
        return made

    def note(self, draft: CustomerDraft) -> tuple[Channel, Direction, tuple[str, str]]:
        """A channel, a direction and a note that fits the customer (no site visits to
        private persons)."""
        for_person = draft.customer.type in PERSON_TYPES
        while True:
            channel = self.channel(draft.country)
            style = CHANNEL_STYLES[channel]
            choices = [
                (direction, note)
                for direction, notes in ((Direction.OUTBOUND, style.outbound), (Direction.INBOUND, style.inbound))
                for note in notes
                if not (for_person and note[0] in BUSINESS_ONLY)
            ]
            if choices:
                direction, note = self.rng.choice(choices)
                return channel, direction, note

    def interaction(
        self, draft: CustomerDraft, channel: Channel, direction: Direction, note: tuple[str, str], at: datetime
    ) -> tuple[Interaction, str | None]:
        """One exchange, and the e-mail of the contact person it was with (None for media)."""
        style = CHANNEL_STYLES[channel]
        customer, country = draft.customer, draft.country
        contact = self.rng.choice(draft.contacts) if draft.contacts else None
        owner = draft.owner
        words = {
            "contact": contact.name if contact else customer.name,
            "owner": owner.display_name.split(" ", 1)[0],
            "product": self.rng.choice(PRODUCTS),
            "amount": self.money_text(country, self.rng.uniform(800, 60_000)),
            "order": f"SO-{self.rng.randint(10_000, 99_999)}",
            "invoice": f"INV-{self.rng.randint(100_000, 999_999)}",
            "city": customer.postal_address["city"],
            "country": country.name,
            "quarter": f"Q{self.rng.randint(1, 4)}",
            "weeks": self.rng.randint(2, 6),
            "days": self.rng.randint(1, 5),
            "percent": self.rng.choice(("2.5", "3", "3.5", "4")),
        }
        personal = style.mode != InteractionMode.NON_PERSONAL
        interaction = Interaction(
            channel=channel.value, direction=direction.value,
            initiator=(Initiator.COMPANY if direction == Direction.OUTBOUND else Initiator.CUSTOMER).value,
            mode=style.mode.value, subject=note[0].format(**words), summary=note[1].format(**words), occurred_at=at,
            recorded_by_id=owner.id if personal else None,
            link=f"{LINK_BASE}/{channel.value.replace('_', '-')}/{self.rng.randint(1000, 9999)}" if style.linked else None,
            created_at=min(at + timedelta(minutes=self.rng.randint(5, 240)), self.now),
        )
        return interaction, contact.email if contact and personal else None

    def consents(self, draft: CustomerDraft) -> list[ConsentRecord]:
        """E-mail marketing and newsletter consent for some customers, SMS for fewer."""
        wanted = []
        if self.rng.random() < 0.55:
            wanted.append((Channel.EMAIL, "marketing", 0.85))
        if self.rng.random() < 0.25:
            wanted.append((Channel.EMAIL, "newsletter", 0.9))
        if self.rng.random() < 0.25:
            wanted.append((Channel.SMS, "marketing", 0.7))
        created_at = draft.customer.created_at
        return [
            ConsentRecord(
                channel=channel.value, purpose=purpose, granted=self.rng.random() < granted,
                source=self.rng.choice(CONSENT_SOURCES),
                recorded_at=created_at + (self.now - created_at) * self.rng.random(),
            )
            for channel, purpose, granted in wanted
        ]


def industry(kind: str, name: str) -> str:
    """The industry an organisation's name suggests, for its analysis attributes."""
    if kind == "government":
        return "public sector"
    return next((sector.lower() for sector in profile(kind).sectors if sector in name), "other")


def profile(kind: str) -> TypeProfile:
    """The profile of a customer type; unknown (configured) types get a generic one."""
    return TYPE_PROFILES.get(kind, OTHER_TYPE)


# --- writing -------------------------------------------------------------------------


async def existing_demo_users() -> dict[str, User]:
    """The demo users that exist, by role."""
    users = {user.username: user for user in await User.filter(username__in=[u for u, _ in DEMO_USERS.values()])}
    return {role: users[username] for role, (username, _) in DEMO_USERS.items() if username in users}


async def demo_users() -> dict[str, User]:
    """The demo user of each built-in role, created when missing."""
    users = await existing_demo_users()
    for role, (username, display_name) in DEMO_USERS.items():
        if role not in users:
            users[role] = await create_user(username, role, display_name=display_name, email=f"{username}@amity-demo.example")
    return users


async def write_drafts(drafts: list[CustomerDraft]) -> list[Customer]:
    """Insert the drafts with one bulk insert per table; returns the saved customers.

    Must run when no customers exist: bulk inserts do not return primary keys, so the new
    customers are read back by code and the new contacts by customer and e-mail.
    """
    await Customer.bulk_create([draft.customer for draft in drafts])
    saved = await Customer.all().order_by("id")
    customer_ids = {customer.code: customer.id for customer in saved}
    for draft in drafts:
        customer_id = customer_ids[draft.customer.code]
        for row in (*draft.contacts, *draft.consents, *(interaction for interaction, _ in draft.interactions)):
            row.customer_id = customer_id
    await ContactPerson.bulk_create([contact for draft in drafts for contact in draft.contacts])
    contact_ids = {
        (customer_id, email): contact_id
        for contact_id, customer_id, email in await ContactPerson.all().values_list("id", "customer_id", "email")
    }
    for draft in drafts:
        for interaction, email in draft.interactions:
            interaction.contact_id = contact_ids[(interaction.customer_id, email)] if email else None
    await Interaction.bulk_create([row for draft in drafts for row, _ in draft.interactions])
    await ConsentRecord.bulk_create([row for draft in drafts for row in draft.consents])
    await CustomerIdentity.bulk_create([
        CustomerIdentity(customer_id=customer_ids[draft.customer.code], kind=kind, value=value)
        for draft in drafts
        for kind, value in draft.identities()
    ])
    return saved


async def seed_demo(amity: Amity, *, customers: int = 300, seed: int = 7) -> DemoContext:
    """Fill an empty database with demo data, then let plugins add theirs.

    Skips when any customer exists: nothing is written and the returned context has
    ``seeded=False`` and no customers, so ``amity serve --demo`` may call this on every
    start. Otherwise creates the demo users ``ada`` (admin), ``max`` (manager), ``alex``
    (agent) and ``vera`` (viewer), reusing any that exist; ``customers`` customers coded
    ``C-00001`` onwards, of every type in ``amity.settings.customer_types``, with contact
    persons, interactions and consents; and calls every plugin's ``seed_demo_data`` hook
    with the ``DemoContext``. Everything, the plugins' rows included, is written in one
    transaction: an exception from a plugin undoes it all. The same ``seed`` gives the
    same data. ``amity`` must be started. Raises ``ValueError`` for a negative count.
    """
    if customers < 0:
        raise ValueError("customers must not be negative")
    rng = random.Random(seed)
    if await Customer.exists():
        return DemoContext(customers=[], users=await existing_demo_users(), random=rng, amity=amity, seeded=False)
    async with events.transaction():
        users = await demo_users()
        builder = DemoBuilder(rng, clock.now(), users, amity.settings.customer_types)
        drafts = [builder.customer(number, builder.customer_type(number - 1)) for number in range(1, customers + 1)]
        context = DemoContext(customers=await write_drafts(drafts), users=users, random=rng, amity=amity)
        await amity.plugins.acall("seed_demo_data", ctx=context)
    return context
