//! Sending: mailboxes, the policy gate, the outbox job and its SMTP hand-over, the schedule preview.

pub mod admit;
pub mod delivery;
pub mod gate;
pub mod html;
pub mod journal;
pub mod message;
pub mod outbox;
pub mod presets;
pub mod schedule;
pub mod sent_copy;
pub mod settle;
pub mod smtp;
