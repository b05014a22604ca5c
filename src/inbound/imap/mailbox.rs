//! Folders and messages: LIST, EXAMINE, UID SEARCH, UID FETCH, APPEND.

use async_imap::imap_proto::rfc4315::UidSetMember;
use async_imap::imap_proto::{AttributeValue, MailboxDatum, NameAttribute, Response, ResponseCode, Status};
use chrono::{DateTime, NaiveDate, Utc};

use super::command::CommandError;
use super::session::ImapSession;
use super::{FetchedMessage, FolderInfo, FolderStatus, ImapFailure, SpecialUse};

/// Where providers keep sent mail when the server names no \Sent folder, most common first.
const SENT_NAMES: [&str; 5] = ["Sent", "Sent Items", "Sent Messages", "[Gmail]/Sent Mail", "INBOX.Sent"];

impl ImapSession {
    /// Every selectable folder, with its RFC 6154 special use. Names are as the server spells them
    /// (modified UTF-7 for non-ASCII), which is what EXAMINE and APPEND take back.
    pub async fn list_folders(&mut self) -> Result<Vec<FolderInfo>, ImapFailure> {
        let command = if self.capabilities.iter().any(|c| c.eq_ignore_ascii_case("SPECIAL-USE")) {
            r#"LIST "" "*" RETURN (SPECIAL-USE)"#
        } else {
            r#"LIST "" "*""#
        };
        let mut folders = Vec::new();
        self.command(command, |r| {
            if let Response::MailboxData(MailboxDatum::List(list)) = r {
                if list.name_attributes.iter().any(|a| matches!(a, NameAttribute::NoSelect)) {
                    return;
                }
                let special_use = list.name_attributes.iter().find_map(special_use);
                folders.push(FolderInfo { name: list.name.to_string(), special_use });
            }
        })
        .await
        .map_err(|e| self.failure(e, "listing the folders"))?;
        Ok(folders)
    }

    /// The Sent folder: SPECIAL-USE \Sent, else "Sent", "Sent Items", "Sent Messages", "[Gmail]/Sent Mail", "INBOX.Sent".
    pub async fn sent_folder(&mut self) -> Result<Option<String>, ImapFailure> {
        let folders = self.list_folders().await?;
        Ok(pick_sent(&folders))
    }

    /// EXAMINE (read-only SELECT) the folder; its UIDVALIDITY, UIDNEXT and EXISTS.
    pub async fn examine(&mut self, folder: &str) -> Result<FolderStatus, ImapFailure> {
        let (mut uid_validity, mut uid_next, mut exists) = (None, None, 0);
        let result = self
            .command(&format!("EXAMINE {}", quote(folder)), |r| match r {
                Response::MailboxData(MailboxDatum::Exists(n)) => exists = *n,
                Response::Data { status: Status::Ok, outcome } => match outcome.code {
                    Some(ResponseCode::UidValidity(v)) => uid_validity = Some(v),
                    Some(ResponseCode::UidNext(n)) => uid_next = Some(n),
                    _ => {}
                },
                _ => {}
            })
            .await;
        self.selected = None;
        match result {
            Ok(()) => {}
            Err(CommandError::Refused { .. }) => return Err(ImapFailure::FolderMissing { name: folder.to_string() }),
            Err(e) => return Err(self.failure(e, "opening the folder")),
        }
        let uid_validity = uid_validity
            .ok_or_else(|| ImapFailure::Protocol { detail: format!("the folder \"{folder}\" was opened without a UIDVALIDITY") })?;
        self.selected = Some(folder.to_string());
        self.news = false;
        Ok(FolderStatus { uid_validity, uid_next, exists })
    }

    /// The UIDs to fetch in the examined folder, ascending: with `after_uid`, those above it (`UID SEARCH
    /// UID n+1:*` answers the last message even when none is newer: filtered out); without (first sync or
    /// a changed UIDVALIDITY), `UID SEARCH SINCE <since>`: only the window back, never the whole mailbox.
    pub async fn new_uids(&mut self, after_uid: Option<u32>, since: NaiveDate) -> Result<Vec<u32>, ImapFailure> {
        self.require_selected("looking for new messages")?;
        let query = match after_uid {
            Some(u32::MAX) => return Ok(Vec::new()),
            Some(after) => format!("UID SEARCH UID {}:*", after + 1),
            None => format!("UID SEARCH SINCE {}", since.format("%-d-%b-%Y")),
        };
        // Servers bring the examined folder up to date at NOOP, not at SEARCH (Dovecot does not): without
        // it a session kept open between polls would never see new mail.
        self.command("NOOP", |_| {}).await.map_err(|e| self.failure(e, "looking for new messages"))?;
        let mut uids = self.search(&query, "looking for new messages").await?;
        if let Some(after) = after_uid {
            uids.retain(|&uid| uid > after);
        }
        Ok(uids)
    }

    async fn search(&mut self, query: &str, stage: &str) -> Result<Vec<u32>, ImapFailure> {
        let mut uids = Vec::new();
        self.command(query, |r| {
            if let Response::MailboxData(MailboxDatum::Search(found)) = r {
                uids.extend_from_slice(found);
            }
        })
        .await
        .map_err(|e| self.failure(e, stage))?;
        uids.sort_unstable();
        uids.dedup();
        Ok(uids)
    }

    /// `UID FETCH` of these UIDs (BODY.PEEK[] INTERNALDATE RFC822.SIZE): never marks them seen. The caller
    /// passes chunks (e.g. 200 UIDs) so memory stays bounded; a dropped connection is an error, never a
    /// partial success presented as whole. UIDs expunged meanwhile are simply absent from the answer.
    pub async fn fetch(&mut self, uids: &[u32]) -> Result<Vec<FetchedMessage>, ImapFailure> {
        self.require_selected("fetching messages")?;
        if uids.is_empty() {
            return Ok(Vec::new());
        }
        let mut wanted = uids.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        let command = format!("UID FETCH {} (UID RFC822.SIZE INTERNALDATE BODY.PEEK[])", sequence_set(&wanted));
        let mut messages = Vec::with_capacity(wanted.len());
        self.command(&command, |r| {
            if let Response::Fetch(_, attributes) = r {
                if let Some(message) = fetched_message(attributes) {
                    if wanted.binary_search(&message.uid).is_ok() {
                        messages.push(message);
                    }
                }
            }
        })
        .await
        .map_err(|e| self.failure(e, "fetching messages"))?;
        messages.sort_by_key(|m| m.uid);
        messages.dedup_by_key(|m| m.uid);
        Ok(messages)
    }

    /// APPEND with \Seen; the new UID when the server says (APPENDUID, RFC 4315).
    pub async fn append(&mut self, folder: &str, raw: &[u8]) -> Result<Option<u32>, ImapFailure> {
        let command = format!("APPEND {} (\\Seen) {{{}}}", quote(folder), raw.len());
        let mut uid = None;
        let result = self
            .command_with_literal(&command, raw, |r| {
                if let Response::Done { status: Status::Ok, outcome, .. } = r {
                    if let Some(ResponseCode::AppendUid(_, members)) = &outcome.code {
                        uid = members.iter().find_map(|m| match m {
                            UidSetMember::Uid(u) => Some(*u),
                            UidSetMember::UidRange(range) => Some(*range.end()),
                        });
                    }
                }
            })
            .await;
        match result {
            Ok(()) => Ok(uid),
            Err(CommandError::Refused { try_create: true, .. }) => Err(ImapFailure::FolderMissing { name: folder.to_string() }),
            Err(e) => Err(self.failure(e, "saving the message in the folder")),
        }
    }

    /// `UID SEARCH HEADER Message-ID <id>` in the folder (which stays examined); the message when found.
    pub async fn find_message_id(&mut self, folder: &str, message_id: &str) -> Result<Option<FetchedMessage>, ImapFailure> {
        let id = message_id.trim().trim_start_matches('<').trim_end_matches('>');
        if id.is_empty() || id.chars().any(|c| c.is_control() || c.is_whitespace() || !c.is_ascii()) {
            return Ok(None);
        }
        let bracketed = format!("<{id}>");
        self.examine(folder).await?;
        let uids = self.search(&format!("UID SEARCH HEADER Message-ID {}", quote(&bracketed)), "looking for the message").await?;
        // HEADER matches a substring: the newest message whose Message-ID is exactly this one.
        for uid in uids.into_iter().rev() {
            if let Some(message) = self.fetch(&[uid]).await?.pop() {
                if header_has_message_id(&message.raw, &bracketed) {
                    return Ok(Some(message));
                }
            }
        }
        Ok(None)
    }

    fn require_selected(&self, stage: &str) -> Result<(), ImapFailure> {
        match self.selected {
            Some(_) => Ok(()),
            None => Err(ImapFailure::Protocol { detail: format!("no folder was opened before {stage}") }),
        }
    }
}

fn special_use(attribute: &NameAttribute<'_>) -> Option<SpecialUse> {
    match attribute {
        NameAttribute::Sent => Some(SpecialUse::Sent),
        NameAttribute::Drafts => Some(SpecialUse::Drafts),
        NameAttribute::Junk => Some(SpecialUse::Junk),
        NameAttribute::Trash => Some(SpecialUse::Trash),
        NameAttribute::Archive => Some(SpecialUse::Archive),
        NameAttribute::All => Some(SpecialUse::All),
        _ => None,
    }
}

fn pick_sent(folders: &[FolderInfo]) -> Option<String> {
    if let Some(f) = folders.iter().find(|f| f.special_use == Some(SpecialUse::Sent)) {
        return Some(f.name.clone());
    }
    SENT_NAMES.iter().find_map(|wanted| folders.iter().find(|f| f.name.eq_ignore_ascii_case(wanted))).map(|f| f.name.clone())
}

/// A quoted IMAP string.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Sorted, distinct UIDs as an IMAP sequence set with runs folded: 1:3,7,9:10.
fn sequence_set(uids: &[u32]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end + 1 {
            i += 1;
            end = uids[i];
        }
        parts.push(if start == end { start.to_string() } else { format!("{start}:{end}") });
        i += 1;
    }
    parts.join(",")
}

fn fetched_message(attributes: &[AttributeValue<'_>]) -> Option<FetchedMessage> {
    let (mut uid, mut internal_date, mut size, mut raw) = (None, None, None, None);
    for attribute in attributes {
        match attribute {
            AttributeValue::Uid(u) => uid = Some(*u),
            AttributeValue::InternalDate(d) => internal_date = parse_internal_date(d),
            AttributeValue::Rfc822Size(s) => size = Some(*s),
            AttributeValue::BodySection { section: None, data, .. } => raw = Some(data.as_deref().unwrap_or_default().to_vec()),
            AttributeValue::Rfc822(data) => raw = Some(data.as_deref().unwrap_or_default().to_vec()),
            _ => {}
        }
    }
    let raw = raw?;
    Some(FetchedMessage { uid: uid?, internal_date, size: size.unwrap_or(raw.len() as u32), raw })
}

/// "07-Dec-2026 22:48:51 +0000" (the day may be space-padded).
fn parse_internal_date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_str(text.trim(), "%d-%b-%Y %H:%M:%S %z").ok().map(|d| d.with_timezone(&Utc))
}

/// Whether the header block has a Message-ID field equal to `bracketed` (case-insensitive name, folded
/// lines joined).
fn header_has_message_id(raw: &[u8], bracketed: &str) -> bool {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").or_else(|| raw.windows(2).position(|w| w == b"\n\n"));
    let header = String::from_utf8_lossy(&raw[..end.unwrap_or(raw.len())]).replace("\r\n", "\n").replace("\n ", " ").replace("\n\t", " ");
    header.lines().any(|line| {
        let Some((name, value)) = line.split_once(':') else { return false };
        name.trim().eq_ignore_ascii_case("message-id") && value.trim() == bracketed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_uids_fold_into_ranges() {
        assert_eq!(sequence_set(&[1, 2, 3, 7, 9, 10]), "1:3,7,9:10", "a chunk of 200 UIDs stays one short line");
        assert_eq!(sequence_set(&[5]), "5", "a single UID is itself");
    }

    #[test]
    fn the_sent_folder_is_the_special_use_one_before_any_name() {
        let folder = |name: &str, special_use| FolderInfo { name: name.into(), special_use };
        let folders = vec![folder("Sent", None), folder("Gesendet", Some(SpecialUse::Sent))];
        assert_eq!(pick_sent(&folders).as_deref(), Some("Gesendet"), "the server's \\Sent beats a guess by name");
        let folders = vec![folder("INBOX", None), folder("[Gmail]/Sent Mail", None)];
        assert_eq!(pick_sent(&folders).as_deref(), Some("[Gmail]/Sent Mail"), "known provider names are recognized");
        assert_eq!(pick_sent(&[folder("INBOX", None)]), None, "no Sent folder is no guess");
    }

    #[test]
    fn internal_dates_are_read_with_a_padded_day() {
        let d = parse_internal_date(" 7-Dec-2026 22:48:51 +0100").expect("a padded day is valid IMAP");
        assert_eq!(d.to_rfc3339(), "2026-12-07T21:48:51+00:00", "kept in UTC");
    }

    #[test]
    fn a_message_id_is_found_only_as_the_whole_header_value() {
        let raw = b"From: a@b\r\nMessage-ID:\r\n <abc@x.example>\r\n\r\nbody <abcd@x.example>";
        assert!(header_has_message_id(raw, "<abc@x.example>"), "a folded header still names it");
        assert!(!header_has_message_id(raw, "<bc@x.example>"), "a substring is another message");
    }

    #[test]
    fn folder_names_are_quoted_for_imap() {
        assert_eq!(quote(r#"Sent "old"\x"#), r#""Sent \"old\"\\x""#, "quotes and backslashes are escaped");
    }
}
