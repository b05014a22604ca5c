//! What the policy functions refuse, worded for the person who typed the value.

use crate::domains::MalformedDomain;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("\"{name}\" is not a time zone; use an IANA name such as Europe/Berlin or America/New_York")]
    UnknownTimezone { name: String },
    #[error("\"{text}\" is not a time of day; write it as HH:MM on a 24-hour clock, such as 09:00 or 17:30")]
    InvalidTime { text: String },
    #[error("\"{text}\" is not a send window; write it as HH:MM-HH:MM, such as 09:00-17:00 (22:00-02:00 runs past midnight)")]
    InvalidWindow { text: String },
    #[error("\"{text}\" is not a day of the week; use mon, tue, wed, thu, fri, sat, sun, or a range such as mon-fri")]
    InvalidDay { text: String },
    #[error("no days given; list the days mail may go out, such as mon-fri or mon,wed,fri")]
    NoDays,
    #[error("the entry is empty; give an address (someone@example.com) or a domain (@example.com)")]
    EmptyEntry,
    #[error("\"{text}\" is not a valid email address")]
    InvalidAddress { text: String },
    #[error("\"{text}\" is not a valid internationalized domain name")]
    InvalidDomain {
        text: String,
        #[source]
        source: MalformedDomain,
    },
    #[error("\"{text}\" is not a domain name; give one such as example.com or @example.com")]
    NotADomain { text: String },
    #[error("\"{text}\" is a public suffix that many owners share; give a domain under it, such as example.{text}")]
    PublicSuffix { text: String },
}
