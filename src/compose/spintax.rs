use serde::{Deserialize, Serialize};
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct SpinPath(pub Vec<u16>);
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpintaxError { pub line: usize, pub column: usize, pub message: String }
impl std::fmt::Display for SpintaxError { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, "line {}, column {}: {}", self.line, self.column, self.message) } }
impl std::error::Error for SpintaxError {}
pub struct Spintax { src: String }
impl Spintax {
    pub fn parse(source: &str) -> Result<Spintax, SpintaxError> { Ok(Spintax { src: source.to_string() }) }
    pub fn choice_count(&self) -> usize { 0 }
    pub fn choose(&self, _seed: u64) -> SpinPath { SpinPath::default() }
    pub fn render(&self, _path: &SpinPath) -> String { self.src.clone() }
    pub fn render_seeded(&self, _seed: u64) -> (String, SpinPath) { (self.src.clone(), SpinPath::default()) }
}
pub fn blank_out(source: &str) -> Result<String, SpintaxError> { Ok(source.to_string()) }
pub fn seed_for(lead_id: i64, step: i64, salt: u64) -> u64 { (lead_id as u64).wrapping_mul(31).wrapping_add(step as u64).wrapping_add(salt) }
