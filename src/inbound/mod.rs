//! The reply inbox: reading each account's mailbox over IMAP, telling bounces, auto-replies and human
//! answers apart, matching them to the mail they answer, and applying what they mean.

pub mod effects;
pub mod html;
pub mod imap;
pub mod intake;
pub mod message;
pub mod model_class;
pub mod parse;
pub mod reading;
pub mod sync;
