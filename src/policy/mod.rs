//! Sending policy as pure functions: the recipient's region and legal basis, time zones, send windows,
//! ramp-up, the compliance footer and mail text, and suppression entries. No I/O and no clock: every
//! function takes the instant it decides for, so the gate, the planner and the tests agree.

mod country_zones;
mod error;
mod footer;
mod ramp;
mod region;
mod suppression;
mod timezone;
mod window;

pub use error::PolicyError;
pub use footer::{assemble_text, compliance_footer};
pub use ramp::{daily_allowance, Ramp};
pub use region::{country_code, country_of_email, legal_basis, recipient_country, LegalBasis};
pub use suppression::{
    normalize_address, parse_entry, read_suppression_csv, write_suppression_csv, RefusedLine, SuppressionFile, SuppressionKind,
    SuppressionLine,
};
pub use timezone::{country_timezone, parse_timezone, recipient_timezone};
pub use window::{parse_days, parse_time, parse_window, SendWindow, Weekday3};
