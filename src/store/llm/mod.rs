//! The LLM layer's tables: providers and their fallback routes, prices, budgets and reservations, the
//! usage ledger and the answer cache.

pub mod budget;
pub mod cache;
pub mod kinds;
pub mod prices;
pub mod providers;
pub mod usage;
