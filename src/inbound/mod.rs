//! Mail that comes in: reading a message (bounce, auto-reply or a person's reply) and showing it safely.

pub mod html;
pub mod parse;
