//! Messages read from the mailboxes (replies, bounces, auto-replies), what they were matched to, and the
//! user's labels and states.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use ts_rs::TS;

use super::{Store, StoreError, Tx};
use crate::inbound::reading::{AttachmentInfo, Bounce, MessageKind, ReplyCategory};

/// Who set a message's class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LabelSource {
    Rules,
    Llm,
    User,
}

/// Where a message stands for the user: to handle, handled, or out of sight until a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum InboxState {
    Open,
    Done,
    Snoozed,
}

impl InboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            InboxState::Open => "open",
            InboxState::Done => "done",
            InboxState::Snoozed => "snoozed",
        }
    }
}

/// The text form of a serde unit enum ("auto_reply").
pub(crate) fn enum_text<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn enum_from<T: serde::de::DeserializeOwned>(text: Option<String>) -> Result<Option<T>, sqlx::Error> {
    text.map(|t| serde_json::from_value(serde_json::Value::String(t)).map_err(|e| sqlx::Error::Decode(Box::new(e)))).transpose()
}

/// A message as read, before it is stored.
#[derive(Debug, Clone)]
pub struct NewReply {
    pub account_id: i64,
    pub folder: String,
    pub uid_validity: i64,
    pub uid: i64,
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub from_address: Option<String>,
    pub from_name: Option<String>,
    pub to_addresses: String,
    pub subject: String,
    pub sent_at: Option<String>,
    pub received_at: String,
    pub text_body: Option<String>,
    pub html_body: Option<String>,
    pub snippet: String,
    pub attachments: Vec<AttachmentInfo>,
    pub size: i64,
    pub kind: MessageKind,
    pub bounce: Option<Bounce>,
    pub return_date: Option<String>,
    pub category: Option<ReplyCategory>,
    pub category_source: Option<LabelSource>,
    pub lead_id: Option<i64>,
    pub attempt_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub matched_by: Option<&'static str>,
}

/// A sent attempt a message may answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRef {
    pub attempt_id: i64,
    pub lead_id: i64,
    pub campaign_id: i64,
    pub status: String,
    pub sent_at: Option<String>,
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for AttemptRef {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        Ok(AttemptRef {
            attempt_id: row.try_get("id")?,
            lead_id: row.try_get("lead_id")?,
            campaign_id: row.try_get("campaign_id")?,
            status: row.try_get("status")?,
            sent_at: row.try_get("sent_at")?,
        })
    }
}

/// A row of the inbox list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct InboxItem {
    pub id: i64,
    pub account_id: i64,
    pub account_email: String,
    pub campaign_id: Option<i64>,
    pub campaign_name: Option<String>,
    pub lead_id: Option<i64>,
    pub lead_name: Option<String>,
    pub from_address: Option<String>,
    pub from_name: Option<String>,
    pub subject: String,
    pub snippet: String,
    pub received_at: String,
    pub kind: MessageKind,
    pub category: Option<ReplyCategory>,
    pub category_source: Option<LabelSource>,
    pub state: InboxState,
    pub snoozed_until: Option<String>,
    pub attachment_count: i64,
    pub return_date: Option<String>,
    /// What reading it did, in words: "Sequence stopped in Q1 Outreach", "Address suppressed", "Paused until 14 Dec".
    pub effect: Option<String>,
}

impl<'r> sqlx::FromRow<'r, SqliteRow> for InboxItem {
    fn from_row(row: &'r SqliteRow) -> Result<Self, sqlx::Error> {
        Ok(InboxItem {
            id: row.try_get("id")?,
            account_id: row.try_get("account_id")?,
            account_email: row.try_get("account_email")?,
            campaign_id: row.try_get("campaign_id")?,
            campaign_name: row.try_get("campaign_name")?,
            lead_id: row.try_get("lead_id")?,
            lead_name: row.try_get("lead_name")?,
            from_address: row.try_get("from_address")?,
            from_name: row.try_get("from_name")?,
            subject: row.try_get("subject")?,
            snippet: row.try_get("snippet")?,
            received_at: row.try_get("received_at")?,
            kind: enum_from(row.try_get("kind")?)?.unwrap_or(MessageKind::Other),
            category: enum_from(row.try_get("category")?)?,
            category_source: enum_from(row.try_get("category_source")?)?,
            state: enum_from(row.try_get("state")?)?.unwrap_or(InboxState::Open),
            snoozed_until: row.try_get("snoozed_until")?,
            attachment_count: row.try_get("attachment_count")?,
            return_date: row.try_get("return_date")?,
            effect: row.try_get("effect")?,
        })
    }
}

/// A message in full, for the reading pane.
#[derive(Debug, Clone)]
pub struct StoredReply {
    pub item: InboxItem,
    pub workspace_id: i64,
    pub to_addresses: String,
    pub sent_at: Option<String>,
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub text_body: Option<String>,
    pub html_body: Option<String>,
    pub attachments: Vec<AttachmentInfo>,
    pub bounce: Option<Bounce>,
    pub attempt_id: Option<i64>,
}

/// Which messages the inbox lists.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InboxQuery {
    pub workspace_id: i64,
    pub kind: Option<MessageKind>,
    pub category: Option<ReplyCategory>,
    pub campaign_id: Option<i64>,
    pub account_id: Option<i64>,
    /// None: open ones and snoozed ones whose time has come.
    pub state: Option<InboxState>,
    /// Mail from nobody Reach wrote to (kept as envelopes only) instead of mail from leads.
    #[serde(default)]
    pub unknown_senders: bool,
    pub search: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// Open messages per kind and class, for the filter chips.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct InboxCount {
    pub kind: MessageKind,
    pub category: Option<ReplyCategory>,
    pub count: i64,
}

const ITEM_COLUMNS: &str = "r.id, r.account_id, a.email AS account_email, r.campaign_id, c.name AS campaign_name, r.lead_id,
    nullif(trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')), '') AS lead_name,
    r.from_address, r.from_name, r.subject, r.snippet, r.received_at, r.kind, r.category, r.category_source, r.state,
    r.snoozed_until, json_array_length(r.attachments) AS attachment_count, r.return_date, r.effect";

const ITEM_FROM: &str = "FROM replies r JOIN sender_accounts a ON a.id = r.account_id
    LEFT JOIN campaigns c ON c.id = r.campaign_id LEFT JOIN leads l ON l.id = r.lead_id";

fn json_list<T: Serialize>(items: &[T]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

impl Store {
    /// Attempts of the workspace whose Message-ID is one of `ids` (without angle brackets; attempts keep
    /// them), by that id. A dry run's count too: an
    /// answer to one proves its .eml reached the person (sent by hand from a mail program).
    pub async fn attempts_by_message_ids_tx(
        &self,
        tx: &mut Tx<'_>,
        workspace_id: i64,
        ids: &[String],
    ) -> Result<HashMap<String, AttemptRef>, StoreError> {
        let sql = "SELECT substr(a.message_id, 2, length(a.message_id) - 2) AS key, a.id, a.lead_id, a.campaign_id, a.status, a.sent_at
             FROM attempts a
             WHERE a.message_id IN (SELECT '<' || value || '>' FROM json_each(?1)) AND a.workspace_id = ?2";
        self.attempt_refs_tx(tx, sql, workspace_id, ids).await
    }

    /// The latest real attempt to each address (lower-case) that went out or may have, by address.
    pub async fn latest_attempts_to_tx(
        &self,
        tx: &mut Tx<'_>,
        workspace_id: i64,
        addresses: &[String],
    ) -> Result<HashMap<String, AttemptRef>, StoreError> {
        let sql = "SELECT q.value AS key, a.id, a.lead_id, a.campaign_id, a.status, a.sent_at
             FROM json_each(?1) q
             JOIN attempts a ON a.id = (
                 SELECT x.id FROM attempts x
                 WHERE x.workspace_id = ?2 AND x.recipient = q.value COLLATE NOCASE AND x.dry_run = 0
                   AND (x.status = 'sent' OR x.status = 'unknown' OR x.status = 'bounced')
                 ORDER BY x.sent_at DESC, x.id DESC LIMIT 1)";
        self.attempt_refs_tx(tx, sql, workspace_id, addresses).await
    }

    /// Runs one of the lookups above: `sql` takes the keys as a JSON array (?1) and the workspace (?2) and
    /// names each row's key `key`.
    async fn attempt_refs_tx(
        &self,
        tx: &mut Tx<'_>,
        sql: &'static str,
        workspace_id: i64,
        keys: &[String],
    ) -> Result<HashMap<String, AttemptRef>, StoreError> {
        if keys.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = sqlx::query(sql).bind(json_list(keys)).bind(workspace_id).fetch_all(&mut **tx).await?;
        let mut found = HashMap::new();
        for row in rows {
            let key: String = row.try_get("key")?;
            found.insert(key, <AttemptRef as sqlx::FromRow<SqliteRow>>::from_row(&row)?);
        }
        Ok(found)
    }

    /// The workspace's leads with these addresses (lower-case), by address. CROSS JOIN keeps the addresses as
    /// the outer loop: the planner otherwise scans every lead against the list (a second per 10,000 leads).
    pub async fn leads_by_emails_tx(
        &self,
        tx: &mut Tx<'_>,
        workspace_id: i64,
        addresses: &[String],
    ) -> Result<HashMap<String, i64>, StoreError> {
        if addresses.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT q.value, l.id FROM json_each(?1) q CROSS JOIN leads l ON l.dedupe_key = q.value AND l.workspace_id = ?2",
        )
        .bind(json_list(addresses))
        .bind(workspace_id)
        .fetch_all(&mut **tx)
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// Stores a batch of messages read from one account, each unless stored before, in two statements: one
    /// that moves the messages known by their Message-ID (read before under another UIDVALIDITY after the
    /// folder was rebuilt, or in another folder: the same message, not new), one that inserts the rest (a
    /// row already at the same account, folder, UIDVALIDITY and UID is left alone). Returns the new rows'
    /// ids by the messages' positions in `replies`.
    pub async fn insert_replies_tx(
        &self,
        tx: &mut Tx<'_>,
        workspace_id: i64,
        replies: &[NewReply],
    ) -> Result<Vec<Option<i64>>, StoreError> {
        let at = self.now();
        let rows: Vec<serde_json::Value> = replies
            .iter()
            .enumerate()
            .map(|(i, r)| {
                serde_json::json!({
                    "i": i, "account_id": r.account_id, "folder": r.folder, "uid_validity": r.uid_validity, "uid": r.uid,
                    "message_id": r.message_id, "in_reply_to": r.in_reply_to,
                    "refs": (!r.references.is_empty()).then(|| r.references.join(" ")),
                    "from_address": r.from_address, "from_name": r.from_name, "to_addresses": r.to_addresses, "subject": r.subject,
                    "sent_at": r.sent_at, "received_at": r.received_at, "text_body": r.text_body, "html_body": r.html_body,
                    "snippet": r.snippet, "attachments": json_list(&r.attachments), "size": r.size, "kind": enum_text(&r.kind),
                    "bounce": r.bounce.as_ref().map(|b| serde_json::to_string(b).unwrap_or_default()), "return_date": r.return_date,
                    "category": r.category.as_ref().map(enum_text), "category_source": r.category_source.as_ref().map(enum_text),
                    "lead_id": r.lead_id, "attempt_id": r.attempt_id, "campaign_id": r.campaign_id, "matched_by": r.matched_by,
                })
            })
            .collect();
        let batch = serde_json::Value::Array(rows).to_string();
        // Only what finding and moving a known message needs, so the big rows are not read for it.
        let keys: Vec<serde_json::Value> = replies
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.message_id.as_ref().map(|id| serde_json::json!([i, r.account_id, id, r.folder, r.uid_validity, r.uid])))
            .collect();
        let moved: Vec<i64> = sqlx::query_scalar(
            "UPDATE OR IGNORE replies SET folder = m.value ->> 3, uid_validity = m.value ->> 4, uid = m.value ->> 5, updated_at = ?2
             FROM json_each(?1) m
             WHERE replies.account_id = m.value ->> 1 AND replies.message_id = m.value ->> 2
             RETURNING (SELECT j.value ->> 0 FROM json_each(?1) j
                        WHERE j.value ->> 1 = replies.account_id AND j.value ->> 2 = replies.message_id LIMIT 1)",
        )
        .bind(serde_json::Value::Array(keys).to_string())
        .bind(&at)
        .fetch_all(&mut **tx)
        .await?;
        let inserted: Vec<(i64, i64)> = sqlx::query_as(
            "INSERT INTO replies (workspace_id, account_id, folder, uid_validity, uid, message_id, in_reply_to, \"references\",
                from_address, from_name, to_addresses, subject, sent_at, received_at, text_body, html_body, snippet, attachments,
                size, kind, bounce, return_date, category, category_source, lead_id, attempt_id, campaign_id, matched_by,
                created_at, updated_at)
             SELECT ?2, v ->> 'account_id', v ->> 'folder', v ->> 'uid_validity', v ->> 'uid', v ->> 'message_id', v ->> 'in_reply_to',
                v ->> 'refs', v ->> 'from_address', v ->> 'from_name', v ->> 'to_addresses', v ->> 'subject', v ->> 'sent_at',
                v ->> 'received_at', v ->> 'text_body', v ->> 'html_body', v ->> 'snippet', v ->> 'attachments', v ->> 'size',
                v ->> 'kind', v ->> 'bounce', v ->> 'return_date', v ->> 'category', v ->> 'category_source', v ->> 'lead_id',
                v ->> 'attempt_id', v ->> 'campaign_id', v ->> 'matched_by', ?3, ?3
             FROM (SELECT jsonb(value) AS v FROM json_each(?1)) WHERE (v ->> 'i') NOT IN (SELECT value FROM json_each(?4))
             ON CONFLICT (account_id, folder, uid_validity, uid) DO NOTHING
             RETURNING id, uid",
        )
        .bind(&batch)
        .bind(workspace_id)
        .bind(&at)
        .bind(serde_json::json!(moved).to_string())
        .fetch_all(&mut **tx)
        .await?;
        let by_uid: HashMap<i64, i64> = inserted.into_iter().map(|(id, uid)| (uid, id)).collect();
        Ok(replies.iter().enumerate().map(|(i, r)| if moved.contains(&(i as i64)) { None } else { by_uid.get(&r.uid).copied() }).collect())
    }

    /// Writes what reading each message did, for many messages at once: (message id, words).
    pub async fn set_reply_effects_tx(&self, tx: &mut Tx<'_>, effects: &[(i64, String)]) -> Result<(), StoreError> {
        if effects.is_empty() {
            return Ok(());
        }
        let batch = serde_json::Value::Array(effects.iter().map(|(id, words)| serde_json::json!([id, words])).collect()).to_string();
        sqlx::query("UPDATE replies SET effect = e.value ->> 1 FROM json_each(?1) e WHERE replies.id = e.value ->> 0")
            .bind(batch)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Builds the WHERE clause of an inbox query (after "WHERE ").
    fn push_inbox_filter(&self, qb: &mut QueryBuilder<Sqlite>, q: &InboxQuery, with_class: bool) {
        qb.push("r.workspace_id = ").push_bind(q.workspace_id);
        qb.push(if q.unknown_senders { " AND r.lead_id IS NULL" } else { " AND r.lead_id IS NOT NULL" });
        match q.state {
            None => {
                qb.push(" AND (r.state = 'open' OR (r.state = 'snoozed' AND r.snoozed_until <= ").push_bind(self.now()).push("))");
            }
            Some(state) => {
                qb.push(" AND r.state = ").push_bind(state.as_str());
            }
        }
        if let Some(id) = q.campaign_id {
            qb.push(" AND r.campaign_id = ").push_bind(id);
        }
        if let Some(id) = q.account_id {
            qb.push(" AND r.account_id = ").push_bind(id);
        }
        if let Some(search) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let like = format!("%{}%", search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
            qb.push(" AND (r.subject LIKE ").push_bind(like.clone()).push(" ESCAPE '\\' OR r.from_address LIKE ").push_bind(like.clone());
            qb.push(" ESCAPE '\\' OR r.from_name LIKE ").push_bind(like.clone()).push(" ESCAPE '\\' OR r.text_body LIKE ");
            qb.push_bind(like).push(" ESCAPE '\\')");
        }
        if with_class {
            if let Some(kind) = q.kind {
                qb.push(" AND r.kind = ").push_bind(enum_text(&kind));
            }
            if let Some(category) = q.category {
                qb.push(" AND r.category = ").push_bind(enum_text(&category));
            }
        }
    }

    pub async fn inbox_page(&self, q: &InboxQuery) -> Result<(Vec<InboxItem>, i64), StoreError> {
        let mut qb = QueryBuilder::<Sqlite>::new(format!("SELECT {ITEM_COLUMNS} {ITEM_FROM} WHERE "));
        self.push_inbox_filter(&mut qb, q, true);
        qb.push(" ORDER BY r.received_at DESC, r.id DESC LIMIT ").push_bind(q.limit.unwrap_or(100).clamp(1, 1000));
        qb.push(" OFFSET ").push_bind(q.offset.unwrap_or(0).max(0));
        let items = qb.build_query_as::<InboxItem>().fetch_all(&self.pool).await?;
        let mut count = QueryBuilder::<Sqlite>::new("SELECT count(*) FROM replies r WHERE ");
        self.push_inbox_filter(&mut count, q, true);
        let total = count.build_query_scalar::<i64>().fetch_one(&self.pool).await?;
        Ok((items, total))
    }

    /// Messages per kind and class under the query's other filters.
    pub async fn inbox_counts(&self, q: &InboxQuery) -> Result<Vec<InboxCount>, StoreError> {
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT r.kind, r.category, count(*) AS n FROM replies r WHERE ");
        self.push_inbox_filter(&mut qb, q, false);
        qb.push(" GROUP BY r.kind, r.category ORDER BY r.kind, r.category");
        let rows = qb.build().fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok(InboxCount {
                    kind: enum_from(row.try_get("kind")?)?.unwrap_or(MessageKind::Other),
                    category: enum_from(row.try_get("category")?)?,
                    count: row.try_get("n")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    pub async fn inbox_item(&self, id: i64) -> Result<Option<InboxItem>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {ITEM_COLUMNS} {ITEM_FROM} WHERE r.id = ?")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn get_reply(&self, id: i64) -> Result<Option<StoredReply>, StoreError> {
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ITEM_COLUMNS}, r.workspace_id, r.to_addresses, r.sent_at, r.message_id, r.in_reply_to, r.\"references\",
                r.text_body, r.html_body, r.attachments, r.bounce, r.attempt_id {ITEM_FROM} WHERE r.id = ?"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let json = |column: &str| -> Result<Option<String>, sqlx::Error> { row.try_get(column) };
        let decode = |e: serde_json::Error| StoreError::from(sqlx::Error::Decode(Box::new(e)));
        Ok(Some(StoredReply {
            item: <InboxItem as sqlx::FromRow<SqliteRow>>::from_row(&row)?,
            workspace_id: row.try_get("workspace_id")?,
            to_addresses: row.try_get("to_addresses")?,
            sent_at: row.try_get("sent_at")?,
            message_id: row.try_get("message_id")?,
            in_reply_to: row.try_get("in_reply_to")?,
            references: json("references")?.map(|r| r.split_whitespace().map(str::to_string).collect()).unwrap_or_default(),
            text_body: row.try_get("text_body")?,
            html_body: row.try_get("html_body")?,
            attachments: serde_json::from_str(&json("attachments")?.unwrap_or_else(|| "[]".into())).map_err(decode)?,
            bounce: json("bounce")?.map(|b| serde_json::from_str(&b)).transpose().map_err(decode)?,
            attempt_id: row.try_get("attempt_id")?,
        }))
    }

    /// The user's class for a message; kept from then on.
    pub async fn relabel_reply_tx(&self, tx: &mut Tx<'_>, id: i64, category: ReplyCategory) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE replies SET category = ?1, category_source = 'user', updated_at = ?2 WHERE id = ?3 AND kind = 'reply'")
                .bind(enum_text(&category))
                .bind(self.now())
                .bind(id)
                .execute(&mut **tx)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// A model's class for a reply, unless the user labelled it; whether it was set.
    pub async fn set_model_category_tx(&self, tx: &mut Tx<'_>, id: i64, category: ReplyCategory) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE replies SET category = ?1, category_source = 'llm', updated_at = ?2
             WHERE id = ?3 AND kind = 'reply' AND category_source IS NOT 'user'",
        )
        .bind(enum_text(&category))
        .bind(self.now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// A reply's lead and sender address.
    pub async fn reply_sender_tx(&self, tx: &mut Tx<'_>, id: i64) -> Result<(Option<i64>, Option<String>), StoreError> {
        Ok(sqlx::query_as("SELECT lead_id, from_address FROM replies WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .unwrap_or((None, None)))
    }

    pub async fn set_reply_state(&self, id: i64, state: InboxState, snoozed_until: Option<&str>) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE replies SET state = ?1, snoozed_until = ?2, updated_at = ?3 WHERE id = ?4")
            .bind(state.as_str())
            .bind(snoozed_until)
            .bind(self.now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The lead's other messages of the thread (its replies in the same campaign, or all when none), oldest first.
    pub async fn lead_replies(&self, lead_id: i64, campaign_id: Option<i64>) -> Result<Vec<StoredReply>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM replies WHERE lead_id = ?1 AND (?2 IS NULL OR campaign_id = ?2) ORDER BY received_at, id LIMIT 50",
        )
        .bind(lead_id)
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(r) = self.get_reply(id).await? {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// The mail sent to the lead in the campaign (or in any, when none): id, subject, sender, sent_at, body.
    pub async fn sent_thread(&self, lead_id: i64, campaign_id: Option<i64>) -> Result<Vec<SentMail>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, coalesce(subject, '') AS subject, coalesce(sender, '') AS sender, sent_at, coalesce(body, '') AS body
             FROM attempts WHERE lead_id = ?1 AND (?2 IS NULL OR campaign_id = ?2) AND dry_run = 0
                AND (status = 'sent' OR status = 'unknown' OR status = 'bounced' OR status = 'deferred') AND sent_at IS NOT NULL
             ORDER BY sent_at, id LIMIT 50",
        )
        .bind(lead_id)
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

impl Store {
    /// The UID the next message filed in a folder without a server (files read in) takes.
    pub async fn next_reply_uid(&self, account_id: i64, folder: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT coalesce(max(uid), 0) + 1 FROM replies WHERE account_id = ? AND folder = ? AND uid_validity = 0")
            .bind(account_id)
            .bind(folder)
            .fetch_one(&self.pool)
            .await?)
    }

    /// Messages stored per kind for an account.
    pub async fn reply_counts(&self, account_id: i64) -> Result<HashMap<String, i64>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT kind, count(*) FROM replies WHERE account_id = ? GROUP BY kind")
            .bind(account_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// An account's live recurring inbox job.
    pub async fn find_inbox_job(&self, account_id: i64) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM jobs WHERE kind = 'inbox' AND payload ->> '$.account_id' = ?
                AND (status = 'queued' OR status = 'running' OR status = 'paused')
             ORDER BY id LIMIT 1",
        )
        .bind(account_id)
        .fetch_optional(&self.pool)
        .await?)
    }
}

/// A mail the outbox sent, as a thread shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SentMail {
    pub id: i64,
    pub subject: String,
    pub sender: String,
    pub sent_at: Option<String>,
    pub body: String,
}
