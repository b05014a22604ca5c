//! A demo workspace with realistic, seed-stable generated leads, so a newcomer sees a working app at once.

use fake::faker::company::en::{CompanyName, Industry};
use fake::faker::job::en::Title;
use fake::faker::name::en::{FirstName, LastName};
use fake::Fake;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::api::drafting::DraftRequest;
use crate::api::leads::{LeadBulkAction, LeadBulkRequest};
use crate::api::review::{DraftFilter, QcFilter, ReviewAction, ReviewDecision, ReviewStatus};
use crate::api::sending::{AccountInput, CompliancePatch, Security};
use crate::api::sequences::StepInput;
use crate::api::templates::TemplateInput;
use crate::compose::qc::Channel;
use crate::error::Result;
use crate::events::Entity;
use crate::store::campaigns::{CampaignInput, CampaignKind, ServiceContext};
use crate::store::leads::{LeadFilter, LeadQuery, LeadSortField, NewLead};
use crate::store::workspaces::Workspace;
use crate::Engine;

pub const DEMO_WORKSPACE: &str = "Demo: Northwind Advisory";
pub const DEMO_LEADS: usize = 300;

const PLACES: &[(&str, &str)] = &[
    ("United States", "America/New_York"),
    ("United States", "America/Los_Angeles"),
    ("United Kingdom", "Europe/London"),
    ("Germany", "Europe/Berlin"),
    ("France", "Europe/Paris"),
    ("Canada", "America/Toronto"),
    ("Australia", "Australia/Sydney"),
    ("Netherlands", "Europe/Amsterdam"),
    ("Sweden", "Europe/Stockholm"),
    ("Spain", "Europe/Madrid"),
];

/// The demo leads, the same on every machine.
pub fn demo_leads(count: usize, seed: u64) -> Vec<NewLead> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..count)
        .map(|i| {
            let first: String = FirstName().fake_with_rng(&mut rng);
            let last: String = LastName().fake_with_rng(&mut rng);
            let company: String = CompanyName().fake_with_rng(&mut rng);
            let slug: String = company.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).take(18).collect();
            let tld = ["com", "io", "co", "net", "de", "co.uk"][rng.random_range(0..6)];
            let domain = format!("{slug}.{tld}");
            let (country, tz) = PLACES[rng.random_range(0..PLACES.len())];
            let title: String = Title().fake_with_rng(&mut rng);
            let industry: String = Industry().fake_with_rng(&mut rng);
            let email = format!("{}.{}{}@{domain}", first.to_lowercase(), last.to_lowercase(), if i % 17 == 0 { "1" } else { "" })
                .replace(['\'', ' '], "");
            let has_email = rng.random_range(0..100) >= 6;
            let custom = serde_json::json!({ "Industry": industry, "Employees": rng.random_range(5..5000).to_string() });
            NewLead {
                dedupe_key: if has_email {
                    email.clone()
                } else {
                    format!("web:{domain}|{} {}", first.to_lowercase(), last.to_lowercase())
                },
                email: has_email.then_some(email),
                first_name: Some(first.clone()),
                last_name: Some(last.clone()),
                company: Some(company),
                title: Some(title),
                website: Some(format!("https://{domain}")),
                email_domain: has_email.then(|| domain.clone()),
                website_domain: Some(domain.clone()),
                domain: Some(domain),
                linkedin_url: Some(
                    format!("https://www.linkedin.com/in/{}-{}-{i}", first.to_lowercase(), last.to_lowercase()).replace(['\'', ' '], ""),
                ),
                country: Some(country.to_string()),
                timezone: Some(tz.to_string()),
                custom: custom.to_string(),
            }
        })
        .collect()
}

impl Engine {
    /// Creates the demo workspace with two campaigns and generated leads.
    pub async fn create_demo_workspace(&self) -> Result<Workspace> {
        let mut name = DEMO_WORKSPACE.to_string();
        let mut n = 2;
        while self.store.find_workspace_by_name(&name).await?.is_some() {
            name = format!("{DEMO_WORKSPACE} {n}");
            n += 1;
        }
        let ws = self.create_workspace(&name).await?;
        let cold = self
            .create_campaign(
                ws.id,
                &CampaignInput {
                    name: "Q1 fractional CFO outreach".into(),
                    kind: CampaignKind::ColdEmail,
                    keywords: vec!["fractional CFO".into(), "cash flow".into(), "SaaS finance".into()],
                    description: "Founders of 10–200 person SaaS companies who have no full-time finance lead.".into(),
                    context: ServiceContext {
                        core_offer: "Part-time CFO: monthly close, cash-flow forecast and board reporting".into(),
                        key_differentiator: "Ex-Big Four, 40+ SaaS clients, fixed monthly fee".into(),
                        call_to_action: "A 20-minute call to review your runway model".into(),
                        timeline: "Onboarded within two weeks".into(),
                        goal: "Book 12 discovery calls this quarter".into(),
                        fallback_action: "Offer the free runway template".into(),
                    },
                },
            )
            .await?;
        let backlink = self
            .create_campaign(
                ws.id,
                &CampaignInput {
                    name: "Finance blog guest posts".into(),
                    kind: CampaignKind::Backlink,
                    keywords: vec!["startup finance".into(), "unit economics".into()],
                    description: "Blogs and newsletters on startup finance that accept expert articles.".into(),
                    context: ServiceContext {
                        core_offer: "An original article on SaaS unit economics".into(),
                        key_differentiator: "Data from 40 real SaaS P&Ls".into(),
                        call_to_action: "Publish the article with one contextual link".into(),
                        timeline: "Draft within a week of a yes".into(),
                        goal: "8 published articles".into(),
                        fallback_action: "Offer a quote for an existing article".into(),
                    },
                },
            )
            .await?;
        // The leads are written as an import writes them, then enrolled by the same bulk action the leads table
        // uses: half in the cold-email campaign, a third in the backlink one (a tenth of the leads in both),
        // the rest in none. Every enrollment is at its first stage: the demo shows no progress that nothing
        // in the product has made.
        self.store.insert_leads(ws.id, None, &demo_leads(DEMO_LEADS, 7)).await?;
        let all = LeadFilter { workspace_id: ws.id, ..Default::default() };
        let query = LeadQuery {
            filter: all.clone(),
            sort: Some(LeadSortField::CreatedAt),
            descending: Some(false),
            limit: Some(1000),
            ..Default::default()
        };
        let ids: Vec<i64> = self.lead_page(&query).await?.leads.iter().map(|l| l.id).collect();
        let (cold_ids, backlink_ids) = (&ids[..ids.len() / 2], &ids[ids.len() * 2 / 5..ids.len() * 11 / 15]);
        for (campaign, ids) in [(cold.id, cold_ids), (backlink.id, backlink_ids)] {
            let action = LeadBulkAction::AddToCampaign { campaign_id: campaign };
            self.bulk_leads(&LeadBulkRequest { filter: all.clone(), ids: Some(ids.to_vec()), exclude_ids: None, action }).await?;
        }
        self.events.changed(Entity::Leads, Some(ws.id));
        self.demo_sequence(ws.id, cold.id).await?;
        self.demo_dry_run(ws.id, cold.id).await?;
        self.demo_replies(cold.id).await?;
        self.get_workspace(ws.id).await
    }

    /// The cold campaign's templates and sequence, and its drafts written by the offline drafting job: the
    /// review queue has real drafts to clear.
    async fn demo_sequence(&self, workspace_id: i64, campaign_id: i64) -> Result<()> {
        let mut ids = Vec::new();
        for (name, category, subject, body) in DEMO_TEMPLATES {
            let input = TemplateInput {
                name: name.to_string(),
                category: category.to_string(),
                subject: subject.to_string(),
                body: body.to_string(),
            };
            ids.push(self.create_template(workspace_id, &input).await?.id);
        }
        for (template_id, step, variant, weight, delay_days) in [(ids[0], 1, "A", 1, 0), (ids[1], 1, "B", 1, 0), (ids[2], 2, "A", 1, 3)] {
            let input = StepInput {
                step,
                variant: variant.into(),
                weight,
                delay_days,
                channel: Channel::Email,
                template_id: Some(template_id),
                ai_prompt: None,
                article: None,
            };
            self.add_sequence_step(campaign_id, &input).await?;
        }
        let started = self.draft_campaign(&DraftRequest { campaign_id, step: None, offline: true }, false).await?;
        self.wait_for_job(started.job_id).await?;
        Ok(())
    }
}

impl Engine {
    /// A reviewer's first pass (the first step-1 drafts that pass QC approved), the workspace's compliance
    /// settings, a mailbox that exists only on paper, and a dry run of the campaign through the real gate and
    /// outbox: the Activity tab shows what would have gone out, written as .eml files beside the database.
    async fn demo_dry_run(&self, workspace_id: i64, campaign_id: i64) -> Result<()> {
        let filter = DraftFilter {
            campaign_id,
            step: Some(1),
            statuses: vec![ReviewStatus::Pending],
            qc: Some(QcFilter::Passing),
            ..Default::default()
        };
        let ids = self.list_drafts(&filter, 0, DEMO_APPROVED).await?.drafts.iter().map(|d| d.id).collect::<Vec<_>>();
        self.review_drafts(&ids, &ReviewDecision { action: ReviewAction::Approve, note: None }).await?;
        let patch = CompliancePatch {
            physical_address: Some("Northwind Advisory, 18 Harbour Street, Bristol BS1 4RN, United Kingdom".into()),
            unsubscribe_mailto: Some("unsubscribe@northwind-advisory.example".into()),
            send_window: Some("00:00-23:59".into()),
            days: Some("mon-sun".into()),
            timezone: Some("Europe/London".into()),
            hold_without_consent: Some(false),
            ..Default::default()
        };
        self.update_compliance(workspace_id, patch).await?;
        let mailbox = AccountInput {
            display_name: "Northwind Advisory".into(),
            email: "hello@northwind-advisory.example".into(),
            smtp_host: "smtp.northwind-advisory.example".into(),
            smtp_port: 587,
            smtp_security: Security::Starttls,
            smtp_username: None,
            imap_host: None,
            imap_port: None,
            imap_security: None,
            imap_username: None,
            daily_cap: 50,
            ramp_start: 0,
            ramp_step: 0,
            min_spacing_secs: AccountInput::DEFAULT_SPACING_SECS,
            jitter_secs: AccountInput::DEFAULT_JITTER_SECS,
            signature: "Northwind Advisory · Part-time CFO for SaaS".into(),
        };
        self.add_sender_account(workspace_id, mailbox, None).await?;
        let folder = std::path::PathBuf::from(self.info().data_dir).join("dry-runs").join(format!("demo-{workspace_id}"));
        self.send_campaign(campaign_id, Some(folder)).await?;
        Ok(())
    }
}

/// Step-1 drafts the demo's reviewer approves.
const DEMO_APPROVED: i64 = 40;

/// Name, category, subject and body of the demo's templates.
const DEMO_TEMPLATES: [(&str, &str, &str, &str); 3] = [
    (
        "CFO intro: runway",
        "First mail",
        "{Runway|Cash flow} at {{ company }}",
        "{Hi|Hello} {{ first_name | default(\"there\") }},\n\n{{ opener }}\n\n{{ core_offer }}, from Northwind Advisory. {{ key_differentiator }}.\n\n\
         {Would|Could} {{ call_to_action | lower }} be useful {this month|before your next board meeting}?\n\nBest,\nNorthwind Advisory",
    ),
    (
        "CFO intro: board",
        "First mail",
        "{{ first_name | default(\"A question\") }}, board reporting?",
        "{Hi|Hello} {{ first_name | default(\"there\") }},\n\n{Most|Many} {{ industry | lower }} founders I speak with {lose|spend} days \
         each month on board decks.\n\nWe take that off your plate as your part-time CFO.\n\nOpen to {{ call_to_action | lower }}?\n\n\
         Northwind Advisory",
    ),
    (
        "CFO follow-up",
        "Follow-up",
        "",
        "{Hi|Hey} {{ first_name | default(\"there\") }}, {just|quickly} bringing this back up.\n\nIf now is not the time, \
         {{ fallback_action | lower }}: happy to send it over.\n\nNorthwind Advisory",
    ),
];
