//! Templates: a subject and a body, each spun (spintax, in its own pass) and then rendered by minijinja with
//! the lead's variables.
//!
//! A variable the lead has no value for renders as a visible hole, `{{ name }}`, that QC reports as an error:
//! the draft can be fixed by hand or the lead's data completed, but it is never sent with the gap silently
//! closed. `default` treats a hole as missing, so `{{ first_name | default("there") }}` reads "there".

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use minijinja::value::{Enumerator, Object, Rest};
use minijinja::{Environment, ErrorKind, State, UndefinedBehavior, Value};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::spintax::{self, SpinPath, Spintax};

/// Instructions a render may take: far more than any real template needs, few enough that a loop written to
/// hang stops at once.
const FUEL: u64 = 50_000;
const RECURSION_LIMIT: usize = 32;

/// What is wrong with a template, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplateProblem {
    /// "subject" or "body".
    pub part: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

impl fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "{} line {line}, column {column}: {}", self.part, self.message),
            (Some(line), None) => write!(f, "{} line {line}: {}", self.part, self.message),
            _ => write!(f, "{}: {}", self.part, self.message),
        }
    }
}

/// A missing variable: renders as itself in braces and counts as false and as undefined for `default`.
#[derive(Debug)]
struct Hole(String);

impl Object for Hole {
    fn is_true(self: &Arc<Self>) -> bool {
        false
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{{ {} }}}}", self.0)
    }
}

fn is_missing(value: &Value) -> bool {
    value.is_undefined() || value.is_none() || value.downcast_object_ref::<Hole>().is_some()
}

/// `default` as Jinja has it, with a hole counted as missing.
fn default_filter(_state: &State, value: &Value, args: Rest<Value>) -> Result<Value, minijinja::Error> {
    if args.len() > 2 {
        return Err(minijinja::Error::from(ErrorKind::TooManyArguments));
    }
    let fallback = args.first().cloned().unwrap_or_else(|| Value::from(""));
    let lax = match args.get(1) {
        Some(lax) => lax.is_true(),
        None => false,
    };
    if is_missing(value) || (lax && !value.is_true()) {
        Ok(fallback)
    } else {
        Ok(value.clone())
    }
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION_LIMIT);
    env.add_filter("default", default_filter);
    env.add_filter("d", default_filter);
    env
}

fn problem(part: &str, source: &str, e: &minijinja::Error) -> TemplateProblem {
    let line = e.line().map(|l| l as u32);
    let column = e.range().map(|r| {
        let before = &source[..r.start.min(source.len())];
        (before.chars().rev().take_while(|c| *c != '\n').count() + 1) as u32
    });
    let message = match e.kind() {
        ErrorKind::OutOfFuel => "the template does too much work (a loop that never ends?)".to_string(),
        _ => e.detail().map(str::to_string).unwrap_or_else(|| e.kind().to_string()),
    };
    TemplateProblem { part: part.into(), line, column, message }
}

/// One part (subject or body): its spintax and the minijinja template of every spun form met so far.
struct Part {
    name: &'static str,
    spintax: Spintax,
    compiled: HashMap<Vec<u16>, String>,
    variables: BTreeSet<String>,
}

impl Part {
    fn compile(name: &'static str, source: &str, env: &Environment<'static>) -> Result<Part, TemplateProblem> {
        let spin_problem = |e: spintax::SpintaxError| TemplateProblem {
            part: name.into(),
            line: Some(e.line as u32),
            column: Some(e.column as u32),
            message: e.message,
        };
        let spintax = Spintax::parse(source).map_err(spin_problem)?;
        // Every alternative at its own line and column, checked by the Jinja parser at once.
        let every_alternative = spintax::blank_out(source).map_err(spin_problem)?;
        let whole = env.template_from_str(&every_alternative).map_err(|e| problem(name, &every_alternative, &e))?;
        let variables = whole.undeclared_variables(false).into_iter().collect();
        Ok(Part { name, spintax, compiled: HashMap::new(), variables })
    }

    fn render(&mut self, env: &mut Environment<'static>, ctx: &Value, path: &SpinPath, out: &mut String) -> Result<(), TemplateProblem> {
        let template_name = match self.compiled.get(&path.0) {
            Some(n) => n.clone(),
            None => {
                let spun = self.spintax.render(path);
                let n = format!("{}#{}", self.name, self.compiled.len());
                env.add_template_owned(n.clone(), spun.clone()).map_err(|e| problem(self.name, &spun, &e))?;
                self.compiled.insert(path.0.clone(), n.clone());
                n
            }
        };
        let template = env.get_template(&template_name).map_err(|e| problem(self.name, "", &e))?;
        *out = template.render(ctx).map_err(|e| problem(self.name, template.source(), &e))?;
        Ok(())
    }
}

/// The spintax choices of a draft, kept so a regenerated draft can keep them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpinChoices {
    pub subject: SpinPath,
    pub body: SpinPath,
}

/// A rendered draft and what rendering it found.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
    pub spin: SpinChoices,
    /// Variables the lead has no value for that were printed as holes.
    pub holes: Vec<String>,
    /// Variables the lead has no value for that a fallback or a condition covered.
    pub fallbacks: Vec<String>,
}

/// A compiled subject and body.
pub struct DraftTemplate {
    env: Environment<'static>,
    subject: Part,
    body: Part,
}

impl DraftTemplate {
    pub fn compile(subject: &str, body: &str) -> Result<DraftTemplate, TemplateProblem> {
        let env = environment();
        let subject = Part::compile("subject", subject, &env)?;
        let body = Part::compile("body", body, &env)?;
        Ok(DraftTemplate { env, subject, body })
    }

    /// Every variable the template reads, in any spintax alternative.
    pub fn variables(&self) -> BTreeSet<String> {
        self.subject.variables.union(&self.body.variables).cloned().collect()
    }

    /// Whether the template has any spintax.
    pub fn spins(&self) -> bool {
        self.subject.spintax.choice_count() + self.body.spintax.choice_count() > 0
    }

    /// The spintax choices for a seed.
    pub fn choose(&self, seed: u64) -> SpinChoices {
        SpinChoices { subject: self.subject.spintax.choose(seed), body: self.body.spintax.choose(seed ^ 0x9e37_79b9_7f4a_7c15) }
    }

    /// Renders with `vars`; variables the template reads that `vars` lacks become holes.
    pub fn render(&mut self, vars: &Variables, spin: &SpinChoices) -> Result<Rendered, TemplateProblem> {
        let mut missing: Vec<String> = Vec::new();
        for name in self.subject.variables.iter().chain(self.body.variables.iter()) {
            if !vars.has(name) && !missing.contains(name) {
                missing.push(name.clone());
            }
        }
        let ctx = vars.context(missing.clone());
        let (mut subject, mut body) = (String::new(), String::new());
        self.subject.render(&mut self.env, &ctx, &spin.subject, &mut subject)?;
        self.body.render(&mut self.env, &ctx, &spin.body, &mut body)?;
        let (holes, fallbacks) = missing.into_iter().partition(|name| {
            let hole = format!("{{{{ {name} }}}}");
            subject.contains(&hole) || body.contains(&hole)
        });
        Ok(Rendered { subject: subject.trim().to_string(), body: body.trim().to_string(), spin: spin.clone(), holes, fallbacks })
    }
}

/// The values a template can read, by name.
#[derive(Debug, Clone, Default)]
pub struct Variables {
    // Shared with the render context, which holds it while a template runs: building the context costs one
    // reference count instead of copying every value, at a measured 10× → well above it on the benchmark.
    values: Arc<HashMap<String, Value>>,
}

impl Variables {
    pub fn new() -> Variables {
        Variables::default()
    }

    /// Sets a text value; an empty or blank text is no value at all, so a fallback applies.
    pub fn text(&mut self, name: &str, value: Option<&str>) {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => {
                Arc::make_mut(&mut self.values).insert(name.to_string(), Value::from(v));
            }
            None => {
                Arc::make_mut(&mut self.values).remove(name);
            }
        }
    }

    /// Sets a text value unless the name is taken already.
    pub fn text_if_free(&mut self, name: &str, value: &str) {
        if !self.values.contains_key(name) {
            self.text(name, Some(value));
        }
    }

    pub fn list(&mut self, name: &str, items: &[String]) {
        if items.is_empty() {
            Arc::make_mut(&mut self.values).remove(name);
        } else {
            Arc::make_mut(&mut self.values).insert(name.to_string(), Value::from(items.to_vec()));
        }
    }

    pub fn value(&mut self, name: &str, value: Value) {
        Arc::make_mut(&mut self.values).insert(name.to_string(), value);
    }

    pub fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    pub fn get_text(&self, name: &str) -> Option<String> {
        self.values.get(name).and_then(|v| v.as_str().map(str::to_string))
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    fn context(&self, missing: Vec<String>) -> Value {
        Value::from_object(Context { values: self.values.clone(), missing })
    }
}

/// What a render reads: the lead's values, and a hole for each variable the template reads that it lacks.
#[derive(Debug)]
struct Context {
    values: Arc<HashMap<String, Value>>,
    missing: Vec<String>,
}

impl Object for Context {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let name = key.as_str()?;
        if let Some(v) = self.values.get(name) {
            return Some(v.clone());
        }
        self.missing.iter().any(|m| m == name).then(|| Value::from_object(Hole(name.to_string())))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let mut names: Vec<Value> = self.values.keys().chain(self.missing.iter()).map(|k| Value::from(k.as_str())).collect();
        names.sort();
        Enumerator::Values(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Variables {
        let mut v = Variables::new();
        for (k, val) in pairs {
            v.text(k, Some(val));
        }
        v
    }

    fn render(subject: &str, body: &str, v: &Variables) -> Rendered {
        let mut t = DraftTemplate::compile(subject, body).expect("compiles");
        let spin = t.choose(7);
        t.render(v, &spin).expect("renders")
    }

    #[test]
    fn variables_render_and_fallbacks_cover_missing_ones() {
        let r = render("Hi {{ first_name | default(\"there\") }}", "About {{ company }}.", &vars(&[("company", "Acme")]));
        assert_eq!(r.subject, "Hi there");
        assert_eq!(r.body, "About Acme.");
        assert_eq!(r.fallbacks, vec!["first_name".to_string()]);
        assert!(r.holes.is_empty());
    }

    #[test]
    fn a_missing_variable_stays_visible_as_a_hole() {
        let r = render("Hi", "Hello {{ first_name }}, about {{ company }}", &vars(&[("first_name", "Ana")]));
        assert_eq!(r.body, "Hello Ana, about {{ company }}");
        assert_eq!(r.holes, vec!["company".to_string()]);
    }

    #[test]
    fn an_empty_value_counts_as_missing() {
        let r = render("Hi {{ first_name | default(\"there\") }}", "x", &vars(&[("first_name", "  ")]));
        assert_eq!(r.subject, "Hi there");
    }

    #[test]
    fn a_condition_on_a_missing_variable_is_false() {
        let r = render("s", "{% if company %}At {{ company }}{% else %}Hello{% endif %}", &Variables::new());
        assert_eq!(r.body, "Hello");
        assert_eq!(r.fallbacks, vec!["company".to_string()]);
    }

    #[test]
    fn a_syntax_error_names_its_part_line_and_column() {
        let Err(p) = DraftTemplate::compile("ok", "line one\nHello {{ first_name }\n") else { panic!("must fail") };
        assert_eq!(p.part, "body");
        assert_eq!(p.line, Some(2));
        assert!(p.column.is_some(), "{p}");
    }

    #[test]
    fn a_syntax_error_inside_a_spintax_alternative_is_found() {
        let Err(p) = DraftTemplate::compile("{Hi|Hello {{ first_name }", "b") else { panic!("must fail") };
        assert_eq!(p.part, "subject");
    }

    #[test]
    fn a_template_that_would_loop_for_ever_runs_out_of_fuel() {
        let ten = "{% for i in [0,1,2,3,4,5,6,7,8,9] %}";
        let body = format!("{}x{}", ten.repeat(6), "{% endfor %}".repeat(6));
        let mut t = DraftTemplate::compile("s", &body).unwrap();
        let Err(p) = t.render(&Variables::new(), &SpinChoices::default()) else { panic!("must stop") };
        assert!(p.message.contains("too much work"), "{p}");
    }

    #[test]
    fn variables_are_listed_across_every_alternative() {
        let t = DraftTemplate::compile("{Hi {{ first_name }}|Hello}", "{{ company }} {{ x | default('y') }}").unwrap();
        let names: Vec<String> = t.variables().into_iter().collect();
        assert_eq!(names, vec!["company", "first_name", "x"]);
    }

    #[test]
    fn lead_data_is_never_read_as_template_or_spintax() {
        let r = render("s", "{{ company }}", &vars(&[("company", "{Evil|Corp} {{ 7*7 }}")]));
        assert_eq!(r.body, "{Evil|Corp} {{ 7*7 }}");
    }
}
