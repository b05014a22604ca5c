//! Mail that comes in: reading the account's mailbox over IMAP.

pub mod imap;
