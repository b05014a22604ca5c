//! Offline drafting of 100,000 leads from a template with six variables, a `default` fallback and nested
//! spintax (bench/drafts/shared.py holds the template and leads), against the Python Jinja2 + spintax loop
//! of bench/drafts/reference.py run in the same script:
//!
//!   (a) rendering alone: the lead's variables, the spintax choice and the render of subject and body;
//!   (b) the whole drafting job on a real database: plan, render, QC, offline enrichment, drafts written,
//!       the repeated-text pass; drafts per second and the peak RSS of the process that ran it.
//!
//!   cargo run --release --example bench_drafts        (make bench-drafts)
//!
//! BENCH_LEADS (default 100000) and BENCH_REPEAT (default 3) change the run; the median is reported.
//! Target: rendering at least 10× the Python reference.

use std::process::Command;
use std::time::{Duration, Instant};

use reach::api::campaigns::{CampaignInput, CampaignKind, ServiceContext};
use reach::api::drafting::DraftRequest;
use reach::api::imports::InspectRequest;
use reach::api::sequences::StepInput;
use reach::api::templates::TemplateInput;
use reach::compose::qc::Channel;
use reach::compose::spintax::seed_for;
use reach::compose::template::{DraftTemplate, Variables};
use reach::{Engine, RunnerConfig};

struct Shared {
    subject: String,
    body: String,
}

/// The template as shared.py writes it, read from there so both sides render the same text.
fn shared() -> Shared {
    let out = Command::new("python3")
        .args(["-c", "import json,sys; sys.path.insert(0,'bench/drafts'); import shared; print(json.dumps([shared.SUBJECT, shared.BODY]))"])
        .output()
        .expect("python3 runs");
    let [subject, body]: [String; 2] = serde_json::from_slice(&out.stdout).expect("shared.py gives the template");
    Shared { subject, body }
}

/// Lead i as shared.py's `lead(i)` makes it.
fn lead(i: usize) -> [(&'static str, String); 6] {
    [
        ("first_name", if i % 10 == 0 { String::new() } else { format!("First{i}") }),
        ("last_name", format!("Last{i}")),
        ("company", format!("Company {}", i % 997)),
        ("title", ["CTO", "Head of Growth", "Founder", "VP Sales"][i % 4].to_string()),
        ("website", format!("https://company{}.com", i % 997)),
        ("country", ["Germany", "France", "United States", "Spain"][i % 4].to_string()),
    ]
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// (a): every lead's variables, spintax choice and render, timed over the loop alone.
fn render_all(t: &Shared, n: usize) -> (Duration, usize) {
    let leads: Vec<[(&str, String); 6]> = (0..n).map(lead).collect();
    let mut template = DraftTemplate::compile(&t.subject, &t.body).expect("the bench template compiles");
    let started = Instant::now();
    let mut chars = 0;
    for (i, row) in leads.iter().enumerate() {
        let mut vars = Variables::new();
        for (name, value) in row {
            vars.text(name, Some(value));
        }
        let spin = template.choose(seed_for(i as i64, 1, 0));
        let r = template.render(&vars, &spin).expect("renders");
        chars += r.subject.len() + r.body.len();
    }
    (started.elapsed(), chars)
}

fn csv(n: usize) -> String {
    let mut s = String::from("email,first_name,last_name,company,title,website,country\n");
    for i in 0..n {
        let row = lead(i);
        s.push_str(&format!(
            "person{i}@company{}.com,{},{},{},{},{},{}\n",
            i % 997,
            row[0].1,
            row[1].1,
            row[2].1,
            row[3].1,
            row[4].1,
            row[5].1
        ));
    }
    s
}

/// (b): the drafting job on a fresh database holding the leads, enrolled in one campaign. Returns the job's
/// time and how many drafts it wrote.
async fn drafting_job(t: &Shared, n: usize) -> (Duration, i64) {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&dir.path().join("bench.db"), RunnerConfig::default()).await.unwrap();
    let ws = engine.create_workspace("Bench").await.unwrap().id;
    let input = CampaignInput {
        name: "Bench".into(),
        kind: CampaignKind::ColdEmail,
        keywords: vec![],
        description: String::new(),
        context: ServiceContext::default(),
    };
    let campaign = engine.create_campaign(ws, &input).await.unwrap().id;
    let path = dir.path().join("leads.csv");
    std::fs::write(&path, csv(n)).unwrap();
    let inspect = InspectRequest { path: path.display().to_string(), sheet: None, header_row: None };
    let import = engine.import_file(inspect, ws, Some(campaign), Vec::new()).await.unwrap();
    engine.wait_for_job(import.job_id).await.unwrap();
    let template = engine
        .create_template(
            ws,
            &TemplateInput { name: "Bench".into(), category: String::new(), subject: t.subject.clone(), body: t.body.clone() },
        )
        .await
        .unwrap();
    let step = StepInput {
        step: 1,
        variant: "A".into(),
        weight: 1,
        delay_days: 0,
        channel: Channel::Email,
        template_id: Some(template.id),
        ai_prompt: None,
        article: None,
    };
    engine.add_sequence_step(campaign, &step).await.unwrap();
    let started = Instant::now();
    let job = engine.draft_campaign(&DraftRequest { campaign_id: campaign, step: None, offline: true }, false).await.unwrap();
    let job = engine.wait_for_job(job.job_id).await.unwrap();
    let elapsed = started.elapsed();
    engine.close().await;
    assert_eq!(job.failed, 0, "{:?}", job.message);
    (elapsed, job.done)
}

/// Peak resident memory of this process, from the kernel, in MB.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    reach::memory::use_one_malloc_arena();
    let n: usize = std::env::var("BENCH_LEADS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let repeat: usize = std::env::var("BENCH_REPEAT").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let t = shared();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();

    // The whole job runs alone in a child process, so its peak RSS is its own.
    if std::env::args().any(|a| a == "--job-only") {
        let (elapsed, drafts) = runtime.block_on(drafting_job(&t, n));
        println!("{}", serde_json::json!({ "seconds": elapsed.as_secs_f64(), "drafts": drafts, "peak_rss_mb": peak_rss_mb() }));
        return;
    }

    let mut python = Vec::new();
    let mut rust = Vec::new();
    for _ in 0..repeat {
        let out = Command::new("python3").args(["bench/drafts/reference.py", &n.to_string()]).output().expect("python3 runs");
        let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the reference prints JSON");
        python.push(line["rate"].as_f64().unwrap());
        let (elapsed, _) = render_all(&t, n);
        rust.push(n as f64 / elapsed.as_secs_f64());
    }
    let (py, rs) = (median(python), median(rust));
    println!("(a) rendering {n} drafts (subject + body), median of {repeat}:");
    println!("    Python Jinja2 + spintax   {py:>12.0} drafts/s");
    println!("    Reach                     {rs:>12.0} drafts/s   {:.1}× the reference (target ≥ 10×)", rs / py);

    let me = std::env::current_exe().unwrap();
    let mut jobs = Vec::new();
    let mut rss: f64 = 0.0;
    for _ in 0..repeat {
        let out = Command::new(&me).arg("--job-only").env("BENCH_LEADS", n.to_string()).output().expect("the job run starts");
        let line: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
        jobs.push(line["drafts"].as_f64().unwrap() / line["seconds"].as_f64().unwrap());
        rss = rss.max(line["peak_rss_mb"].as_f64().unwrap());
    }
    let job_rate = median(jobs);
    println!("(b) the offline drafting job ({n} leads: render, QC, enrichment, drafts written to SQLite), median of {repeat}:");
    println!("    Reach                     {job_rate:>12.0} drafts/s   {:.1}× the reference's rendering alone", job_rate / py);
    println!("    peak RSS of the process   {rss:>12.0} MB (import of the leads included)");
}
