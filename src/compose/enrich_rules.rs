//! Offline enrichment: persona, company size, industry, pain points and buying triggers guessed by rules
//! from what the lead list already says. It needs no model and no network, so it is never more
//! confident than [`MAX_OFFLINE_CONFIDENCE`]; an AI enrichment can replace it later.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EnrichmentFields {
    pub persona: String,
    pub company_size: String,
    pub industry: String,
    pub pain_points: Vec<String>,
    pub buying_triggers: Vec<String>,
    /// 0..1: how much of this rests on the lead's own data rather than defaults.
    pub confidence: f64,
}

/// What a lead row tells about the person; `custom` holds the columns the import did not map.
#[derive(Debug, Clone, Copy)]
pub struct LeadFacts<'a> {
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub company: Option<&'a str>,
    pub title: Option<&'a str>,
    pub website: Option<&'a str>,
    pub domain: Option<&'a str>,
    pub country: Option<&'a str>,
    pub custom: &'a Map<String, Value>,
}

pub const MIN_OFFLINE_CONFIDENCE: f64 = 0.15;
pub const MAX_OFFLINE_CONFIDENCE: f64 = 0.7;
pub const GENERAL_BUSINESS: &str = "General business";
pub const UNKNOWN_SIZE: &str = "Unknown";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Persona {
    Founder,
    Technical,
    Marketing,
    Sales,
    Operations,
    Finance,
    People,
    DecisionMaker,
    IndividualContributor,
}

/// Checked in order, so a "Founder & CTO" is a founder and a "Sales Operations" lead is in sales.
const PERSONA_KEYWORDS: &[(Persona, &[&str])] = &[
    (
        Persona::Founder,
        &["founder", "cofounder", "co-founder", "owner", "ceo", "chief executive", "managing director", "president", "proprietor"],
    ),
    (
        Persona::Technical,
        &[
            "cto",
            "cio",
            "chief technology",
            "chief information",
            "vp engineering",
            "vp of engineering",
            "head of engineering",
            "engineering manager",
            "director of engineering",
            "engineering director",
            "it",
            "head of it",
            "it director",
            "it manager",
            "technical director",
        ],
    ),
    (Persona::Marketing, &["marketing", "cmo", "growth", "seo", "content", "brand", "demand generation"]),
    (Persona::Sales, &["sales", "business development", "revenue", "cro", "account executive", "bdr", "sdr", "partnerships"]),
    (Persona::Operations, &["operations", "coo", "supply", "logistics", "procurement", "ops"]),
    (Persona::Finance, &["finance", "cfo", "controller", "accounting", "treasurer", "financial"]),
    (Persona::People, &["hr", "human resources", "people", "talent", "recruiting", "recruiter", "chro"]),
    (
        Persona::IndividualContributor,
        &["engineer", "developer", "analyst", "specialist", "designer", "associate", "coordinator", "assistant", "scientist"],
    ),
];

impl Persona {
    fn label(self) -> &'static str {
        match self {
            Persona::Founder => "Founder / CEO",
            Persona::Technical => "Technical leader",
            Persona::Marketing => "Marketing leader",
            Persona::Sales => "Sales leader",
            Persona::Operations => "Operations leader",
            Persona::Finance => "Finance leader",
            Persona::People => "People leader",
            Persona::DecisionMaker => "Decision maker",
            Persona::IndividualContributor => "Individual contributor",
        }
    }

    fn from_label(label: &str) -> Option<Persona> {
        PERSONA_KEYWORDS.iter().map(|(p, _)| *p).chain([Persona::DecisionMaker]).find(|p| p.label() == label)
    }

    fn pains(self) -> [&'static str; 3] {
        match self {
            Persona::Founder => [
                "growing revenue without adding headcount",
                "keeping cash flow predictable",
                "finding time to work on the business, not in it",
            ],
            Persona::Technical => [
                "shipping faster without piling up technical debt",
                "hiring and keeping good engineers",
                "keeping systems secure and reliable",
            ],
            Persona::Marketing => {
                ["keeping customer acquisition cost down", "proving which channels actually drive revenue", "producing enough good content"]
            }
            Persona::Sales => ["filling the pipeline with qualified leads", "shortening the sales cycle", "hitting quota with a lean team"],
            Persona::Operations => [
                "removing manual work from everyday processes",
                "keeping costs under control as volume grows",
                "getting reliable data across teams",
            ],
            Persona::Finance => ["getting a clear view of cash and margins", "closing the books faster", "controlling spend across teams"],
            Persona::People => ["hiring good people quickly", "keeping staff engaged and retained", "onboarding new hires smoothly"],
            Persona::DecisionMaker => {
                ["getting more done with the same team", "choosing tools that pay for themselves", "keeping projects on schedule"]
            }
            Persona::IndividualContributor => {
                ["cutting repetitive work", "getting the right tools approved", "showing the impact of their work"]
            }
        }
    }

    fn triggers(self) -> [&'static str; 2] {
        match self {
            Persona::Founder => ["a recent funding round", "opening a new market"],
            Persona::Technical => ["a platform migration", "a security or compliance audit"],
            Persona::Marketing => ["a new product launch", "a website relaunch"],
            Persona::Sales => ["a new sales target", "new sales hires"],
            Persona::Operations => ["a new site or warehouse", "a process overhaul"],
            Persona::Finance => ["a new budget cycle", "an upcoming audit"],
            Persona::People => ["a hiring push", "rising staff turnover"],
            Persona::DecisionMaker => ["a new budget cycle", "a change in leadership"],
            Persona::IndividualContributor => ["a tool being replaced", "a new team initiative"],
        }
    }
}

/// An industry, the words that betray it in a company name or domain, and what its buyers worry about.
struct Industry {
    name: &'static str,
    keywords: &'static [&'static str],
    pains: [&'static str; 2],
    triggers: [&'static str; 2],
}

/// Checked in order: agencies before technology, since "digital" or "media" says agency more often.
const INDUSTRIES: &[Industry] = &[
    Industry {
        name: "Marketing agency",
        keywords: &["marketing", "agency", "advertising", "creative", "branding", "media", "pr"],
        pains: ["winning new clients without relying on referrals", "keeping margins healthy on retainers"],
        triggers: ["a new service line", "losing a large client"],
    },
    Industry {
        name: "Healthcare",
        keywords: &["health", "healthcare", "medical", "clinic", "pharma", "biotech", "dental", "hospital", "therapy", "care"],
        pains: ["staying compliant while modernising", "cutting admin load for clinical staff"],
        triggers: ["a new clinic or location", "a regulatory change"],
    },
    Industry {
        name: "Finance",
        keywords: &[
            "bank",
            "banking",
            "capital",
            "finance",
            "financial",
            "fintech",
            "invest",
            "investments",
            "insurance",
            "wealth",
            "credit",
            "payments",
        ],
        pains: ["winning client trust in a regulated market", "modernising legacy systems"],
        triggers: ["a regulatory change", "a new product for clients"],
    },
    Industry {
        name: "Technology",
        keywords: &[
            "software",
            "technology",
            "tech",
            "saas",
            "analytics",
            "data",
            "cloud",
            "ai",
            "labs",
            "systems",
            "cyber",
            "app",
            "apps",
            "digital",
        ],
        pains: ["reducing churn and growing recurring revenue", "standing out in a crowded market"],
        triggers: ["a new product release", "a recent funding round"],
    },
    Industry {
        name: "Retail / E-commerce",
        keywords: &["shop", "store", "stores", "retail", "commerce", "ecommerce", "e-commerce", "boutique", "fashion", "apparel", "goods"],
        pains: ["turning more visitors into buyers", "rising ad costs eating into margins"],
        triggers: ["the run-up to peak season", "a new store or marketplace launch"],
    },
    Industry {
        name: "Logistics",
        keywords: &["logistics", "freight", "shipping", "transport", "delivery", "cargo", "fleet", "courier", "haulage"],
        pains: ["keeping deliveries on time as volume grows", "rising fuel and labour costs"],
        triggers: ["a new route or depot", "a large new contract"],
    },
    Industry {
        name: "Manufacturing",
        keywords: &["manufacturing", "industrial", "industries", "factory", "machining", "steel", "plastics", "fabrication", "components"],
        pains: ["finding skilled workers", "keeping the order book full"],
        triggers: ["a new production line", "a push into export markets"],
    },
    Industry {
        name: "Professional services",
        keywords: &[
            "consulting",
            "consultants",
            "consultancy",
            "advisory",
            "legal",
            "law",
            "solicitors",
            "accountants",
            "accounting",
            "services",
        ],
        pains: ["keeping a steady flow of new clients", "billing more hours without burning out"],
        triggers: ["a new practice area", "a partner joining or leaving"],
    },
    Industry {
        name: "Education",
        keywords: &["school", "academy", "education", "learning", "university", "college", "training", "tutoring", "edu"],
        pains: ["enrolling more students", "moving courses online"],
        triggers: ["a new term or intake", "new funding or grants"],
    },
    Industry {
        name: "Real estate",
        keywords: &["realty", "real estate", "properties", "property", "homes", "estates", "housing", "realtor"],
        pains: ["finding motivated buyers and sellers", "standing out among local agencies"],
        triggers: ["a shift in the local market", "a new development"],
    },
    Industry {
        name: "Hospitality",
        keywords: &["hotel", "hotels", "restaurant", "restaurants", "cafe", "hospitality", "travel", "resort", "catering", "food"],
        pains: ["filling rooms or tables midweek", "paying less in booking platform fees"],
        triggers: ["the start of the season", "a new venue opening"],
    },
    Industry {
        name: "Construction",
        keywords: &["construction", "builders", "building", "contractors", "roofing", "renovation"],
        pains: ["winning bids at a fair margin", "finding reliable subcontractors"],
        triggers: ["a large new project", "a new regional office"],
    },
];

const GENERAL: Industry = Industry {
    name: GENERAL_BUSINESS,
    keywords: &[],
    pains: ["winning new customers consistently", "getting more from the current budget"],
    triggers: ["a new growth plan", "a change in leadership"],
};

/// Lowercase words joined by single spaces, padded so `" it "` matches only the whole word.
fn words_of(text: &str) -> String {
    let joined =
        text.to_lowercase().split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    format!(" {joined} ")
}

fn has_keyword(words: &str, keyword: &str) -> bool {
    words.contains(&format!(" {keyword} "))
}

fn persona_for(title: &str) -> Persona {
    // "Vice President" must not read as a company's president.
    let words = words_of(&title.replace('&', " ")).replace(" vice president ", " vp ");
    PERSONA_KEYWORDS
        .iter()
        .find(|(_, keywords)| keywords.iter().any(|k| has_keyword(&words, k)))
        .map_or(Persona::DecisionMaker, |(persona, _)| *persona)
}

/// The first custom column whose header reads like one of `names`, as text.
fn column<'a>(custom: &'a Map<String, Value>, names: &[&str]) -> Option<std::borrow::Cow<'a, str>> {
    custom.iter().find_map(|(header, value)| {
        let header = words_of(header);
        if !names.iter().any(|n| has_keyword(&header, n)) {
            return None;
        }
        let text = match value {
            Value::String(s) => std::borrow::Cow::Borrowed(s.trim()),
            Value::Number(n) => std::borrow::Cow::Owned(n.to_string()),
            _ => return None,
        };
        (!text.is_empty()).then_some(text)
    })
}

fn industry_by_keywords(text: &str) -> Option<&'static Industry> {
    let words = words_of(text);
    INDUSTRIES.iter().find(|i| i.keywords.iter().any(|k| has_keyword(&words, k)))
}

/// A domain's name without its suffix, with compound names ("acmeanalytics") searched for the longer
/// keywords, which are unlikely to match by accident.
fn industry_by_domain(domain: &str) -> Option<&'static Industry> {
    let label = domain.trim().trim_start_matches("www.").split('.').next().unwrap_or("").to_lowercase().replace('-', " ");
    industry_by_keywords(&label)
        .or_else(|| INDUSTRIES.iter().find(|i| i.keywords.iter().any(|k| k.len() >= 5 && label.replace(' ', "").contains(k))))
}

fn size_bucket(employees: u64) -> &'static str {
    match employees {
        0..=10 => "1-10",
        11..=50 => "11-50",
        51..=200 => "51-200",
        201..=1000 => "201-1000",
        _ => "1000+",
    }
}

/// "45", "11-50", "1,200", "1000+", "10k" as a headcount; a range counts as its middle.
fn parse_headcount(text: &str) -> Option<u64> {
    let lower = text.to_lowercase().replace([',', '.', ' '], "");
    let numbers: Vec<u64> = lower
        .split(|c: char| !c.is_ascii_digit() && c != 'k')
        .filter_map(|n| match n.strip_suffix('k') {
            Some(thousands) => thousands.parse::<u64>().ok().map(|t| t * 1000),
            None => n.parse().ok(),
        })
        .collect();
    match numbers.as_slice() {
        [n] if lower.ends_with('+') => Some(n + 1),
        [n] => Some(*n),
        [low, high, ..] => Some((low + high) / 2),
        [] => None,
    }
}

fn size_from_title(title: &str, persona: Persona) -> Option<&'static str> {
    let words = words_of(title);
    if persona == Persona::Founder {
        return ["founder", "cofounder", "co-founder", "owner"].iter().any(|k| has_keyword(&words, k)).then_some("1-10");
    }
    let c_level = ["chief", "cto", "cfo", "coo", "cmo", "cio", "cro", "chro"];
    if has_keyword(&words, "vp") || words.contains(" vice president ") || c_level.iter().any(|k| has_keyword(&words, k)) {
        return Some("201-1000");
    }
    (words.contains(" head of ") || has_keyword(&words, "director")).then_some("51-200")
}

fn clean(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

pub fn enrich_offline(lead: &LeadFacts) -> EnrichmentFields {
    let title = clean(lead.title);
    let company = clean(lead.company);
    let mut confidence = MIN_OFFLINE_CONFIDENCE;

    let persona = title.map_or(Persona::DecisionMaker, persona_for);
    if title.is_some() {
        confidence += if persona == Persona::DecisionMaker { 0.05 } else { 0.15 };
    }

    let (industry_name, industry) = match column(lead.custom, &["industry", "sector", "vertical"]) {
        Some(value) => {
            confidence += 0.15;
            match industry_by_keywords(&value) {
                Some(found) => (found.name.to_string(), found),
                None => (value.into_owned(), &GENERAL),
            }
        }
        None => {
            let domain = clean(lead.domain).or(clean(lead.website).map(|w| w.split("//").last().unwrap_or(w)));
            let found = company.and_then(industry_by_keywords).or_else(|| domain.and_then(industry_by_domain));
            if found.is_some() {
                confidence += 0.08;
            }
            let found = found.unwrap_or(&GENERAL);
            (found.name.to_string(), found)
        }
    };

    let column_size = column(lead.custom, &["employees", "employee", "size", "headcount", "staff"]).and_then(|v| parse_headcount(&v));
    let company_size = match (column_size, title.and_then(|t| size_from_title(t, persona))) {
        (Some(count), _) => {
            confidence += 0.15;
            size_bucket(count)
        }
        (None, Some(bucket)) => {
            confidence += 0.05;
            bucket
        }
        (None, None) => UNKNOWN_SIZE,
    };
    if company.is_some() {
        confidence += 0.05;
    }
    if clean(lead.domain).or(clean(lead.website)).is_some() {
        confidence += 0.05;
    }

    let persona_pains = persona.pains();
    let persona_triggers = persona.triggers();
    EnrichmentFields {
        persona: persona.label().to_string(),
        company_size: company_size.to_string(),
        industry: industry_name,
        pain_points: pick_three([persona_pains[0], industry.pains[0], persona_pains[1], industry.pains[1], persona_pains[2]]),
        buying_triggers: pick_three([industry.triggers[0], persona_triggers[0], industry.triggers[1], persona_triggers[1]]),
        confidence: (confidence.clamp(MIN_OFFLINE_CONFIDENCE, MAX_OFFLINE_CONFIDENCE) * 100.0).round() / 100.0,
    }
}

/// The first three distinct phrases: persona and industry tables can share one.
fn pick_three<const N: usize>(candidates: [&str; N]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(3);
    for c in candidates {
        if out.len() < 3 && !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
    }
    out
}

/// How an opener names a persona's work before the company name ("Running marketing at" Acme, "Building"
/// Acme); None for personas with no clear remit.
pub(crate) fn role_phrase(persona_label: &str) -> Option<&'static str> {
    Some(match Persona::from_label(persona_label)? {
        Persona::Founder => "Building",
        Persona::Technical => "Leading engineering at",
        Persona::Marketing => "Running marketing at",
        Persona::Sales => "Running sales at",
        Persona::Operations => "Running operations at",
        Persona::Finance => "Running finance at",
        Persona::People => "Leading people and hiring at",
        Persona::DecisionMaker | Persona::IndividualContributor => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lead<'a>(custom: &'a Map<String, Value>) -> LeadFacts<'a> {
        LeadFacts { first_name: None, last_name: None, company: None, title: None, website: None, domain: None, country: None, custom }
    }

    #[test]
    fn a_cto_with_industry_and_headcount_columns() {
        let custom = json!({"Industry": "Software", "Employees": "45"}).as_object().unwrap().clone();
        let facts = LeadFacts { first_name: Some("Ann"), company: Some("Acme Analytics"), title: Some("CTO"), ..lead(&custom) };
        let e = enrich_offline(&facts);
        assert_eq!((e.persona.as_str(), e.industry.as_str(), e.company_size.as_str()), ("Technical leader", "Technology", "11-50"));
        assert_eq!(e.pain_points.len(), 3);
        assert_eq!(e.buying_triggers.len(), 3);
        assert_eq!(e.pain_points[0], "shipping faster without piling up technical debt");
        assert!((e.confidence - 0.65).abs() < 1e-9, "{}", e.confidence);
    }

    #[test]
    fn a_founder_with_no_company() {
        let custom = Map::new();
        let e = enrich_offline(&LeadFacts { title: Some("Co-Founder & CEO"), ..lead(&custom) });
        assert_eq!((e.persona.as_str(), e.company_size.as_str(), e.industry.as_str()), ("Founder / CEO", "1-10", GENERAL_BUSINESS));
        assert!(e.confidence < 0.5);
        assert_eq!(e.buying_triggers, ["a new growth plan", "a recent funding round", "a change in leadership"]);
    }

    #[test]
    fn an_email_only_lead_gets_complete_fields_with_low_confidence() {
        let custom = Map::new();
        let e = enrich_offline(&lead(&custom));
        assert_eq!((e.persona.as_str(), e.company_size.as_str(), e.industry.as_str()), ("Decision maker", UNKNOWN_SIZE, GENERAL_BUSINESS));
        assert_eq!((e.pain_points.len(), e.buying_triggers.len()), (3, 3));
        assert_eq!(e.confidence, MIN_OFFLINE_CONFIDENCE);
    }

    #[test]
    fn enrichment_is_deterministic_and_never_overconfident() {
        let custom = json!({"Sector": "Retail", "Company size": 5000}).as_object().unwrap().clone();
        let facts = LeadFacts { company: Some("Shoply"), title: Some("VP Marketing"), domain: Some("shoply.com"), ..lead(&custom) };
        let e = enrich_offline(&facts);
        assert_eq!(e, enrich_offline(&facts));
        assert_eq!(e.confidence, MAX_OFFLINE_CONFIDENCE);
        assert_eq!((e.industry.as_str(), e.company_size.as_str()), ("Retail / E-commerce", "1000+"));
    }

    #[test]
    fn personas_from_titles() {
        for (title, persona) in [
            ("Owner", "Founder / CEO"),
            ("Head of Engineering", "Technical leader"),
            ("IT Manager", "Technical leader"),
            ("SEO Lead", "Marketing leader"),
            ("Vice President, Sales", "Sales leader"),
            ("Business Development Manager", "Sales leader"),
            ("COO", "Operations leader"),
            ("Financial Controller", "Finance leader"),
            ("Talent Partner", "People leader"),
            ("Data Analyst", "Individual contributor"),
            ("Software Engineer", "Individual contributor"),
            ("Partner", "Decision maker"),
        ] {
            assert_eq!(persona_for(title).label(), persona, "{title}");
        }
    }

    #[test]
    fn industry_from_an_unknown_column_value_is_kept_as_written() {
        let custom = json!({"vertical": "Aerospace"}).as_object().unwrap().clone();
        assert_eq!(enrich_offline(&lead(&custom)).industry, "Aerospace");
    }

    #[test]
    fn industry_and_size_fall_back_to_names_and_titles() {
        let custom = Map::new();
        let by_domain =
            LeadFacts { website: Some("https://www.bright-dental.co.uk/team"), title: Some("Director of Operations"), ..lead(&custom) };
        let e = enrich_offline(&by_domain);
        assert_eq!((e.industry.as_str(), e.company_size.as_str()), ("Healthcare", "51-200"));
        assert_eq!(enrich_offline(&LeadFacts { domain: Some("northfreight.com"), ..lead(&custom) }).industry, "Logistics");
        assert_eq!(enrich_offline(&LeadFacts { title: Some("Chief Marketing Officer"), ..lead(&custom) }).company_size, "201-1000");
    }

    #[test]
    fn headcounts_in_the_shapes_lists_use() {
        for (text, bucket) in [
            ("45", "11-50"),
            ("11-50", "11-50"),
            ("1,200", "1000+"),
            ("1000+", "1000+"),
            ("10k", "1000+"),
            ("2 - 9", "1-10"),
            ("201-500", "201-1000"),
        ] {
            assert_eq!(parse_headcount(text).map(size_bucket), Some(bucket), "{text}");
        }
        assert_eq!(parse_headcount("small"), None);
    }
}
