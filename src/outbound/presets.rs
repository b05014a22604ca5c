//! The mail providers most consultants use, with their SMTP and IMAP settings filled in.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::smtp::Security;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MailPreset {
    Gmail,
    Microsoft365,
    Fastmail,
}

/// A provider's servers, and what the user must know to sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MailPresetInfo {
    pub preset: MailPreset,
    pub label: &'static str,
    pub smtp_host: &'static str,
    pub smtp_port: u16,
    pub smtp_security: Security,
    pub imap_host: &'static str,
    pub imap_port: u16,
    pub imap_security: Security,
    /// What password the provider wants (an app password, not the account's own).
    pub password_note: &'static str,
}

impl MailPreset {
    pub const ALL: [MailPreset; 3] = [MailPreset::Gmail, MailPreset::Microsoft365, MailPreset::Fastmail];

    pub fn info(self) -> MailPresetInfo {
        match self {
            MailPreset::Gmail => MailPresetInfo {
                preset: self,
                label: "Gmail / Google Workspace",
                smtp_host: "smtp.gmail.com",
                smtp_port: 587,
                smtp_security: Security::Starttls,
                imap_host: "imap.gmail.com",
                imap_port: 993,
                imap_security: Security::Tls,
                password_note: "Use an app password (Google Account → Security → App passwords); 2-Step Verification must be on.",
            },
            MailPreset::Microsoft365 => MailPresetInfo {
                preset: self,
                label: "Microsoft 365 / Outlook",
                smtp_host: "smtp.office365.com",
                smtp_port: 587,
                smtp_security: Security::Starttls,
                imap_host: "outlook.office365.com",
                imap_port: 993,
                imap_security: Security::Tls,
                password_note:
                    "SMTP AUTH must be enabled for the mailbox in the Microsoft 365 admin center; use an app password if MFA is on.",
            },
            MailPreset::Fastmail => MailPresetInfo {
                preset: self,
                label: "Fastmail",
                smtp_host: "smtp.fastmail.com",
                smtp_port: 465,
                smtp_security: Security::Tls,
                imap_host: "imap.fastmail.com",
                imap_port: 993,
                imap_security: Security::Tls,
                password_note: "Create an app password in Fastmail → Settings → Privacy & Security → Integrations.",
            },
        }
    }

    pub fn parse(name: &str) -> Option<MailPreset> {
        match name.trim().to_ascii_lowercase().as_str() {
            "gmail" | "google" | "google-workspace" | "workspace" => Some(MailPreset::Gmail),
            "microsoft365" | "microsoft-365" | "m365" | "office365" | "outlook" => Some(MailPreset::Microsoft365),
            "fastmail" => Some(MailPreset::Fastmail),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_preset_names_its_servers_and_secures_them() {
        for preset in MailPreset::ALL {
            let info = preset.info();
            assert!(info.smtp_host.contains('.') && info.imap_host.contains('.'), "{preset:?} names real hosts");
            assert_ne!(info.smtp_security, Security::None, "{preset:?} never sends in plaintext");
            assert_eq!(MailPreset::parse(&serde_json::to_value(preset).unwrap().as_str().unwrap().replace('_', "")), Some(preset));
        }
        assert_eq!(MailPreset::parse("Outlook"), Some(MailPreset::Microsoft365));
        assert_eq!(MailPreset::parse("yahoo"), None);
    }
}
