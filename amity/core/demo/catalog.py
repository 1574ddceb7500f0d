"""What demo data is made of: countries with their names, addresses and terms, customer-type
profiles, and how each interaction channel is used."""


from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from amity.core.models import Channel, CustomerStatus, InteractionMode

HISTORY = timedelta(days=548)
EU_COUNTRIES = frozenset({"DE", "FR", "ES", "IT", "NL", "SE", "PL"})
PERSON_TYPES = frozenset({"individual", "person", "consumer", "private"})
MAIL_PROVIDERS = ("mail.example", "post.example", "inbox.example", "webmail.example")
LINK_BASE = "https://www.amity-demo.example"


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


