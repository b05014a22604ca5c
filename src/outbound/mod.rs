//! Sending: the SMTP transport and the mail itself.

pub mod message;
pub mod smtp;
