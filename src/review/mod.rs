//! The review queue: which decisions a consultant can take on a draft, and in which order.

pub mod state;
