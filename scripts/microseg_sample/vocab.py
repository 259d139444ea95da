"""Vocabularies used by the sample generator (industries, titles, technologies, topics...)."""
from __future__ import annotations

# industry -> (industry_group, weight, sub-industries). Groups drive the macro segments:
# technology -> mid_market_tech; financial_services / healthcare -> mid_market_regulated.
INDUSTRIES: list[tuple[str, str, float, list[str]]] = [
    ("Software", "technology", 0.24, ["Sales & Marketing Software", "Developer Tools", "ERP Software",
                                       "Security Software", "Collaboration Software", "Data & Analytics"]),
    ("Internet", "technology", 0.09, ["E-commerce Platforms", "Online Marketplaces", "Digital Media"]),
    ("Information Technology & Services", "technology", 0.11, ["IT Consulting", "Managed Services",
                                                                "Cloud Services"]),
    ("Computer Hardware", "technology", 0.04, ["Networking Equipment", "Semiconductors", "Storage"]),
    ("Financial Services", "financial_services", 0.06, ["Payments", "Asset Management", "Lending",
                                                         "Capital Markets"]),
    ("Banking", "financial_services", 0.025, ["Retail Banking", "Commercial Banking"]),
    ("Insurance", "financial_services", 0.025, ["Property & Casualty", "Life Insurance", "Insurtech"]),
    ("Healthcare", "healthcare", 0.04, ["Health Systems", "Digital Health", "Clinics"]),
    ("Pharmaceuticals", "healthcare", 0.015, ["Biotech", "Generic Drugs"]),
    ("Medical Devices", "healthcare", 0.015, ["Diagnostics", "Surgical Devices"]),
    ("Manufacturing", "manufacturing", 0.07, ["Industrial Machinery", "Electronics Manufacturing",
                                              "Chemicals"]),
    ("Automotive", "manufacturing", 0.02, ["Auto Parts", "Electric Vehicles"]),
    ("Retail", "retail", 0.05, ["Apparel", "Grocery", "Specialty Retail"]),
    ("Consumer Goods", "retail", 0.03, ["Food & Beverage", "Household Products"]),
    ("Professional Services", "professional_services", 0.05, ["Accounting", "Staffing & Recruiting",
                                                              "Marketing Agencies"]),
    ("Management Consulting", "professional_services", 0.02, ["Strategy Consulting",
                                                              "Operations Consulting"]),
    ("Education", "education", 0.025, ["Higher Education", "EdTech", "K-12"]),
    ("Transportation & Logistics", "logistics", 0.025, ["Freight", "Warehousing", "Last-mile Delivery"]),
    ("Media & Entertainment", "media", 0.02, ["Publishing", "Broadcasting", "Gaming"]),
    ("Energy & Utilities", "energy", 0.015, ["Renewables", "Oil & Gas", "Utilities"]),
    ("Real Estate", "real_estate", 0.01, ["Commercial Real Estate", "PropTech"]),
]
# What a CRM picklist says for the vendor industry (free-ish text).
CRM_INDUSTRY = {
    "Software": ["Software", "SaaS", "software", "Technology"],
    "Internet": ["Internet", "Technology", "E-Commerce"],
    "Information Technology & Services": ["IT Services", "Information Technology", "Technology"],
    "Computer Hardware": ["Hardware", "Technology"],
    "Financial Services": ["Financial Services", "Finance", "FinServ"],
    "Banking": ["Banking", "Finance"],
    "Insurance": ["Insurance"],
    "Healthcare": ["Healthcare", "Health Care"],
    "Pharmaceuticals": ["Pharma", "Life Sciences"],
    "Medical Devices": ["Medical Devices", "Life Sciences"],
    "Manufacturing": ["Manufacturing", "Industrial"],
    "Automotive": ["Automotive"],
    "Retail": ["Retail"],
    "Consumer Goods": ["Consumer Goods", "CPG"],
    "Professional Services": ["Professional Services", "Services"],
    "Management Consulting": ["Consulting"],
    "Education": ["Education"],
    "Transportation & Logistics": ["Logistics", "Transportation"],
    "Media & Entertainment": ["Media"],
    "Energy & Utilities": ["Energy"],
    "Real Estate": ["Real Estate"],
}

MACRO_SEGMENTS = ["smb", "mid_market_tech", "mid_market_regulated", "mid_market_general", "enterprise"]
SIZE_BANDS = ["1-50", "51-500", "501-5000", "5000+"]

# country, region, currency, utc offsets (minutes) used for local timestamps, weight
COUNTRIES: list[tuple[str, str, str, list[int], float]] = [
    ("US", "NA", "USD", [-480, -420, -360, -300], 0.52),
    ("CA", "NA", "CAD", [-480, -300, -240], 0.06),
    ("GB", "EMEA", "GBP", [0, 60], 0.10),
    ("DE", "EMEA", "EUR", [60, 120], 0.07),
    ("FR", "EMEA", "EUR", [60, 120], 0.05),
    ("NL", "EMEA", "EUR", [60, 120], 0.03),
    ("IE", "EMEA", "EUR", [0, 60], 0.02),
    ("AU", "APAC", "AUD", [480, 540], 0.04),
    ("JP", "APAC", "JPY", [540], 0.03),
    ("SG", "APAC", "USD", [480], 0.02),
    ("IN", "APAC", "USD", [330], 0.03),
    ("BR", "LATAM", "USD", [-180], 0.02),
    ("MX", "LATAM", "USD", [-360], 0.01),
]
COUNTRY_NAMES = {"US": "United States", "CA": "Canada", "GB": "United Kingdom", "DE": "Germany",
                 "FR": "France", "NL": "Netherlands", "IE": "Ireland", "AU": "Australia",
                 "JP": "Japan", "SG": "Singapore", "IN": "India", "BR": "Brazil", "MX": "Mexico"}
TLD_BY_COUNTRY = {"GB": ["co.uk", "com"], "DE": ["de", "com"], "FR": ["fr", "com"], "NL": ["nl", "com"],
                  "AU": ["com.au", "com"], "JP": ["co.jp", "com"], "CA": ["ca", "com"], "IE": ["ie", "com"]}
DEFAULT_TLDS = ["com", "com", "com", "io", "co", "net", "ai"]
# USD value of one unit of the currency (approximate; the FX seed in the project is authoritative).
FX_TO_USD = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CAD": 0.73, "AUD": 0.66, "JPY": 0.0067}

NAME_PREFIXES = ["North", "Blue", "Bright", "Silver", "Iron", "Clear", "Red", "Green", "Summit", "Peak",
                 "River", "Stone", "Cedar", "Maple", "Harbor", "Atlas", "Nova", "Vertex", "Quantum",
                 "Lumen", "Apex", "Orbit", "Pioneer", "Beacon", "Crest", "Delta", "Ember", "Falcon",
                 "Granite", "Horizon", "Juniper", "Keystone", "Lattice", "Meridian", "Nimbus", "Oak",
                 "Pine", "Quill", "Radiant", "Sable", "Tidal", "Union", "Vivid", "Willow", "Zenith"]
NAME_SUFFIXES = ["Labs", "Systems", "Analytics", "Health", "Capital", "Logistics", "Works", "Soft",
                 "Cloud", "Data", "Bio", "Foods", "Motors", "Media", "Partners", "Group", "Networks",
                 "Dynamics", "Robotics", "Energy", "Learning", "Retail", "Finance", "Secure", "Metrics"]
LEGAL_SUFFIXES = ["", "", "", " Inc.", " Inc", " LLC", " Ltd", " GmbH", " Corp.", " Co."]

FIRST_NAMES = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David",
               "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
               "Sarah", "Chris", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra",
               "Mark", "Ashley", "Paul", "Emily", "Steven", "Donna", "Andrew", "Michelle", "Kevin",
               "Carol", "Brian", "Amanda", "George", "Melissa", "Priya", "Wei", "Yuki", "Hans", "Sofia",
               "Lukas", "Chloe", "Mateo", "Aisha", "Kenji", "Olivia", "Noah", "Emma", "Liam", "Ava"]
LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
              "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
              "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
              "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen",
              "King", "Wright", "Scott", "Nguyen", "Hill", "Flores", "Green", "Patel", "Chen", "Tanaka",
              "Muller", "Schmidt", "Dubois", "Rossi", "Kowalski", "Silva", "Kim", "OBrien", "Singh"]

# Contact titles as typed in a CRM (varied on purpose: case, commas, abbreviations, spacing).
CONTACT_TITLES = [
    "VP Sales", "vp, sales", "VP of Sales", "Vice President, Sales", "Chief Revenue Officer", "CRO",
    "Head of RevOps", "Head of Revenue Operations", "Revenue Operations Manager", "RevOps Lead",
    "Sales Operations Manager", "Director, Sales Operations", "Sales Ops Analyst",
    "Director of Sales Development", "SDR Manager", "Head of Sales Development",
    "Account Executive", "Senior Account Executive", "Sales Director", "Regional Sales Manager",
    "VP Marketing", "Director of Marketing", "Demand Generation Manager", "Marketing Ops Manager",
    "CMO", "CEO", "Founder & CEO", "COO", "CFO", "Controller", "CTO", "IT Director",
    "Software Engineer", "Data Engineer", "Product Manager", "Customer Success Manager",
    "HR Business Partner", "Office Manager", "  VP  Sales ", "sales operations manager",
    "VP, Customer Success", "Head of Growth",
]
FREE_MAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com",
                     "proton.me", "gmx.de"]
# ISPs / unknown companies appearing in engagement data that belong to no account.
UNKNOWN_DOMAIN_WORDS = ["comcast", "verizonbiz", "studio", "freelance", "consult", "agency", "ventures",
                        "holdings", "solutions", "digital"]

# technology_name, technology_category, is_competitor, is_legacy
TECHNOLOGIES: list[tuple[str, str]] = [
    ("Salesforce", "crm"), ("HubSpot", "crm"), ("Microsoft Dynamics 365", "crm"), ("Pipedrive", "crm"),
    ("Zoho CRM", "crm"), ("Siebel CRM", "crm"), ("Oracle CX Legacy", "crm"), ("Dynamics CRM 2011", "crm"),
    ("Outreach", "sales_engagement"), ("Salesloft", "sales_engagement"), ("Apollo", "sales_engagement"),
    ("Marketo", "marketing_automation"), ("Pardot", "marketing_automation"),
    ("HubSpot Marketing Hub", "marketing_automation"), ("Eloqua", "marketing_automation"),
    ("Snowflake", "data_warehouse"), ("BigQuery", "data_warehouse"), ("Amazon Redshift", "data_warehouse"),
    ("Databricks", "data_warehouse"),
    ("Tableau", "bi"), ("Looker", "bi"), ("Power BI", "bi"),
    ("Slack", "collaboration"), ("Microsoft Teams", "collaboration"), ("Zoom", "collaboration"),
    ("Zendesk", "customer_support"), ("Intercom", "customer_support"),
    ("Gong", "conversation_intelligence"), ("Chorus", "conversation_intelligence"),
    ("ZoomInfo", "data_provider"), ("Clearbit", "data_provider"),
    ("AWS", "cloud"), ("Microsoft Azure", "cloud"), ("Google Cloud", "cloud"),
]
TECH_INDEX = {name: i for i, (name, _) in enumerate(TECHNOLOGIES)}
MODERN_CRMS = ["Salesforce", "HubSpot", "Microsoft Dynamics 365", "Pipedrive", "Zoho CRM"]
LEGACY_CRMS = ["Siebel CRM", "Oracle CX Legacy", "Dynamics CRM 2011"]
COMPETITORS = ["Outreach", "Salesloft", "Apollo"]
# categories other than crm / sales_engagement, with adoption probability
OTHER_TECH_CATEGORIES = [
    ("marketing_automation", 0.55), ("data_warehouse", 0.35), ("bi", 0.45), ("collaboration", 0.9),
    ("customer_support", 0.4), ("conversation_intelligence", 0.15), ("data_provider", 0.3), ("cloud", 0.7),
]

# Executive titles as published, with department and seniority (c_level, vp, director).
EXEC_TITLES: list[tuple[str, str, str]] = [
    ("Chief Revenue Officer", "sales", "c_level"), ("CRO", "sales", "c_level"),
    ("VP Sales", "sales", "vp"), ("VP, Sales", "sales", "vp"), ("Vice President of Sales", "sales", "vp"),
    ("Director of Sales", "sales", "director"), ("Head of Sales", "sales", "director"),
    ("VP Sales Operations", "sales_operations", "vp"), ("Head of Sales Operations", "sales_operations", "director"),
    ("Director, Sales Operations", "sales_operations", "director"),
    ("VP Revenue Operations", "revenue_operations", "vp"), ("Head of RevOps", "revenue_operations", "director"),
    ("Director of Revenue Operations", "revenue_operations", "director"),
    ("Chief Marketing Officer", "marketing", "c_level"), ("VP Marketing", "marketing", "vp"),
    ("Head of Demand Generation", "marketing", "director"),
    ("Chief Financial Officer", "finance", "c_level"), ("VP Finance", "finance", "vp"),
    ("Chief Information Officer", "it", "c_level"), ("VP IT", "it", "vp"),
    ("Chief Technology Officer", "engineering", "c_level"), ("VP Engineering", "engineering", "vp"),
    ("Chief Executive Officer", "executive", "c_level"), ("Chief Operating Officer", "executive", "c_level"),
    ("VP Customer Success", "customer_success", "vp"), ("Chief People Officer", "hr", "c_level"),
]
TRIGGER_DEPARTMENTS = ["sales", "sales_operations", "revenue_operations", "marketing"]

JOB_TITLES: list[tuple[str, str, str]] = [
    ("Account Executive", "sales", "mid"), ("Senior Account Executive", "sales", "senior"),
    ("Sales Development Representative", "sales", "entry"), ("Enterprise Account Executive", "sales", "senior"),
    ("Sales Operations Analyst", "sales_operations", "mid"), ("Revenue Operations Manager", "revenue_operations", "senior"),
    ("Marketing Manager", "marketing", "mid"), ("Demand Generation Specialist", "marketing", "mid"),
    ("Software Engineer", "engineering", "mid"), ("Senior Software Engineer", "engineering", "senior"),
    ("Data Engineer", "engineering", "mid"), ("Engineering Manager", "engineering", "director"),
    ("Customer Success Manager", "customer_success", "mid"), ("Support Specialist", "customer_success", "entry"),
    ("Financial Analyst", "finance", "mid"), ("Compliance Officer", "legal", "senior"),
    ("HR Generalist", "hr", "mid"), ("Product Manager", "product", "senior"),
    ("VP of Sales", "sales", "vp"), ("Chief Financial Officer", "finance", "c_level"),
    ("Director of Marketing", "marketing", "director"), ("IT Administrator", "it", "entry"),
]

ROUND_TYPES = ["seed", "series_a", "series_b", "series_c", "series_d", "series_e", "debt", "private_equity"]
ROUND_AMOUNT_USD = {"seed": 2e6, "series_a": 10e6, "series_b": 25e6, "series_c": 50e6, "series_d": 90e6,
                    "series_e": 150e6, "debt": 20e6, "private_equity": 120e6}
INVESTORS = ["Sequoia Capital", "Accel", "Index Ventures", "Andreessen Horowitz", "Insight Partners",
             "Bessemer Venture Partners", "General Catalyst", "Balderton Capital", "Lightspeed",
             "Tiger Global", "Atomico", "SoftBank Vision Fund", "Silicon Valley Bank", "Vista Equity",
             "Thoma Bravo", "Point Nine", "Northzone", None]

# Intent / content topics: (topic, topic_category)
TOPICS: list[tuple[str, str]] = [
    ("sales engagement platform", "category"), ("sales automation", "category"),
    ("revenue intelligence", "category"), ("email outreach software", "category"),
    ("sales cadence", "category"),
    ("outreach alternatives", "competitor"), ("salesloft alternatives", "competitor"),
    ("apollo.io pricing", "competitor"), ("outreach vs salesloft", "competitor"),
    ("pipeline generation", "problem"), ("sales productivity", "problem"),
    ("crm data quality", "problem"), ("forecast accuracy", "problem"), ("reply rates", "problem"),
]
CATEGORY_TOPICS = [i for i, (_, c) in enumerate(TOPICS) if c == "category"]
COMPETITOR_TOPICS = [i for i, (_, c) in enumerate(TOPICS) if c == "competitor"]
PROBLEM_TOPICS = [i for i, (_, c) in enumerate(TOPICS) if c == "problem"]
ASSETS = ["2026 Outbound Benchmark Report", "Sales Engagement Buyer's Guide", "RevOps Playbook",
          "Pipeline Generation Checklist", "Forecasting Webinar Recording", "Cold Email Templates",
          "Migration Guide: Legacy CRM to Modern Stack", "Competitive Comparison Sheet"]
ASSET_TOPIC = [0, 0, 11, 9, 12, 13, 1, 8]

PAGE_CATEGORIES = ["pricing", "product", "docs", "blog", "careers", "comparison"]
PAGE_WEIGHTS = [0.08, 0.25, 0.15, 0.37, 0.10, 0.05]
PAGE_PATHS = {
    "pricing": ["/pricing", "/pricing?plan=team", "/pricing#enterprise"],
    "product": ["/product", "/product/sequences", "/product/analytics", "/platform/overview"],
    "docs": ["/docs/getting-started", "/docs/api", "/docs/integrations/salesforce"],
    "blog": ["/blog/cold-email-benchmarks-2026", "/blog/what-is-revops", "/blog/sales-cadence-guide",
             "/blog/reply-rate-tips"],
    "careers": ["/careers", "/careers/engineering"],
    "comparison": ["/compare/outreach", "/compare/salesloft", "/compare/apollo"],
}
SELLER_SITE = "https://www.cadencely.example"

OPP_TYPES_RAW = {"new_business": ["New Business", "new business", "New Business ", "NEW BUSINESS"],
                 "expansion": ["Expansion", "expansion", "Expansion "],
                 "renewal": ["Renewal", "renewal", " Renewal"]}
STAGES = ["prospecting", "discovery", "evaluation", "proposal", "negotiation", "closed_won", "closed_lost"]
STAGE_RAW = {"prospecting": ["Prospecting"], "discovery": ["Discovery", "discovery"],
             "evaluation": ["Evaluation"], "proposal": ["Proposal", "Proposal "],
             "negotiation": ["Negotiation"], "closed_won": ["Closed Won", "closed won", "Closed Won"],
             "closed_lost": ["Closed Lost", "closed lost", "Closed Lost"]}
EMAIL_EVENT_TYPES = ["sent", "delivered", "opened", "clicked", "replied", "bounced", "unsubscribed",
                     "spam_complaint"]
REPLY_SENTIMENTS = ["positive", "neutral", "negative", "out_of_office", "auto_reply"]
MEETING_STATUSES = ["booked", "held", "no_show", "cancelled"]
