//! Leads packed into one text buffer. A batch of a hundred thousand leads costs a handful of allocations
//! instead of a dozen per lead, which keeps an import's memory flat and spares the allocator the work of
//! freeing on one thread what another thread allocated.

use super::leads::NewLead;

const FIELDS: usize = 14;
const ABSENT: u32 = u32::MAX;

/// Where one field lies in the batch's text; `len == ABSENT` stands for a missing value.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
}

/// The fields of a lead, in the order `LeadField` names them.
#[derive(Debug, Clone, Copy)]
struct PackedLead([Span; FIELDS]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadField {
    DedupeKey = 0,
    Email,
    FirstName,
    LastName,
    Company,
    Title,
    Website,
    Domain,
    LinkedinUrl,
    Country,
    Timezone,
    Custom,
    EmailDomain,
    WebsiteDomain,
}

impl LeadField {
    pub const ALL: [LeadField; FIELDS] = [
        LeadField::DedupeKey,
        LeadField::Email,
        LeadField::FirstName,
        LeadField::LastName,
        LeadField::Company,
        LeadField::Title,
        LeadField::Website,
        LeadField::Domain,
        LeadField::LinkedinUrl,
        LeadField::Country,
        LeadField::Timezone,
        LeadField::Custom,
        LeadField::EmailDomain,
        LeadField::WebsiteDomain,
    ];
}

#[derive(Debug, Default)]
pub struct LeadBatch {
    text: String,
    rows: Vec<PackedLead>,
}

impl LeadBatch {
    pub fn with_capacity(rows: usize, text_bytes: usize) -> Self {
        LeadBatch { text: String::with_capacity(text_bytes), rows: Vec::with_capacity(rows) }
    }

    pub fn from_leads(leads: &[NewLead]) -> Self {
        let mut batch = LeadBatch::with_capacity(leads.len(), leads.len() * 160);
        for lead in leads {
            batch.push(lead);
        }
        batch
    }

    pub fn push(&mut self, lead: &NewLead) {
        self.push_fields([
            Some(&lead.dedupe_key),
            lead.email.as_deref(),
            lead.first_name.as_deref(),
            lead.last_name.as_deref(),
            lead.company.as_deref(),
            lead.title.as_deref(),
            lead.website.as_deref(),
            lead.domain.as_deref(),
            lead.linkedin_url.as_deref(),
            lead.country.as_deref(),
            lead.timezone.as_deref(),
            Some(&lead.custom),
            lead.email_domain.as_deref(),
            lead.website_domain.as_deref(),
        ]);
    }

    /// Adds a lead given as its values in the order `LeadField` lists them.
    pub fn push_fields(&mut self, values: [Option<&str>; FIELDS]) {
        let spans = values.map(|v| match v {
            Some(v) => {
                let span = Span { start: self.text.len() as u32, len: v.len() as u32 };
                self.text.push_str(v);
                span
            }
            None => Span { start: 0, len: ABSENT },
        });
        self.rows.push(PackedLead(spans));
    }

    /// Empties the batch and keeps its memory for the next one.
    pub fn clear(&mut self) {
        self.text.clear();
        self.rows.clear();
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Bytes of text held; callers cut batches by size as well as by count.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    pub fn get(&self, row: usize, field: LeadField) -> Option<&str> {
        let span = self.rows[row].0[field as usize];
        (span.len != ABSENT).then(|| &self.text[span.start as usize..(span.start + span.len) as usize])
    }

    pub fn dedupe_key(&self, row: usize) -> &str {
        self.get(row, LeadField::DedupeKey).unwrap_or_default()
    }

    /// Orders the rows by dedupe key, keeping rows with the same key in their original order, and returns,
    /// for each new position, the row's old position.
    ///
    /// The sort compares keys by their first 16 bytes, held as one integer in a small array beside each
    /// row's position, and reads a key's text only when those bytes tie: a batch's text is many megabytes
    /// that are mostly out of cache, and reaching into it on every comparison made the sort several times slower.
    pub fn sort_by_dedupe_key(&mut self) -> Vec<usize> {
        let mut keys: Vec<(u128, u32)> = (0..self.rows.len()).map(|i| (key_prefix(self.dedupe_key(i)), i as u32)).collect();
        // Ties broken by position: the order of a stable sort, at the speed of an unstable one.
        keys.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0).then_with(|| self.dedupe_key(a.1 as usize).cmp(self.dedupe_key(b.1 as usize))).then(a.1.cmp(&b.1))
        });
        let order: Vec<usize> = keys.into_iter().map(|(_, i)| i as usize).collect();
        permute_in_place(&mut self.rows, &order);
        order
    }

    /// Asks the CPU to start loading the text of `row` into cache, so that reading it a few rows later does
    /// not wait on memory: a sorted batch is read in key order, which jumps about its text.
    #[inline]
    pub fn prefetch(&self, row: usize) {
        #[cfg(target_arch = "x86_64")]
        if let Some(lead) = self.rows.get(row) {
            let present = lead.0.iter().filter(|s| s.len != ABSENT);
            let (Some(start), Some(end)) = (present.clone().map(|s| s.start).min(), present.map(|s| s.start + s.len).max()) else {
                return;
            };
            let base = self.text.as_ptr();
            for offset in (start as usize..end as usize).step_by(64) {
                // SAFETY: prefetching has no effect on memory and cannot fault; the address lies within `text`.
                unsafe { std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(base.add(offset).cast()) };
            }
        }
    }
}

/// The first 16 bytes of `key` as a big-endian integer, zero-padded: when two prefixes differ, they order
/// as the whole keys do.
fn key_prefix(key: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let n = key.len().min(16);
    bytes[..n].copy_from_slice(&key.as_bytes()[..n]);
    u128::from_be_bytes(bytes)
}

/// Rearranges `items` so that position `i` holds what was at `order[i]`, following each cycle of the
/// permutation instead of building a second array.
fn permute_in_place<T: Copy>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        if placed[start] {
            continue;
        }
        let first = items[start];
        let mut at = start;
        loop {
            placed[at] = true;
            let from = order[at];
            if from == start {
                items[at] = first;
                break;
            }
            items[at] = items[from];
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(key: &str, company: Option<&str>) -> NewLead {
        NewLead {
            dedupe_key: key.into(),
            email: Some(key.into()),
            company: company.map(Into::into),
            custom: "{}".into(),
            ..Default::default()
        }
    }

    #[test]
    fn keeps_values_and_absences() {
        let batch = LeadBatch::from_leads(&[lead("b@x.com", Some("Acme")), lead("a@y.com", None)]);
        assert_eq!(batch.len(), 2);
        assert_eq!(batch.get(0, LeadField::Company), Some("Acme"));
        assert_eq!(batch.get(1, LeadField::Company), None);
        assert_eq!(batch.get(1, LeadField::Email), Some("a@y.com"));
        assert_eq!(batch.get(0, LeadField::Custom), Some("{}"));
        assert_eq!(batch.get(0, LeadField::Title), None);
    }

    #[test]
    fn sorts_by_key_and_reports_the_old_positions() {
        let mut batch = LeadBatch::from_leads(&[
            lead("c@x.com", Some("C")),
            lead("a@x.com", Some("A1")),
            lead("b@x.com", None),
            lead("a@x.com", Some("A2")),
        ]);
        let order = batch.sort_by_dedupe_key();
        assert_eq!(order, vec![1, 3, 2, 0]);
        let keys: Vec<&str> = (0..batch.len()).map(|i| batch.dedupe_key(i)).collect();
        assert_eq!(keys, ["a@x.com", "a@x.com", "b@x.com", "c@x.com"]);
        assert_eq!(batch.get(0, LeadField::Company), Some("A1"), "equal keys keep their order");
        assert_eq!(batch.get(1, LeadField::Company), Some("A2"));
        assert_eq!(batch.get(2, LeadField::Company), None);
    }

    /// Keys that share their first 16 bytes are told apart by the rest, and a key that is a prefix of
    /// another sorts before it.
    #[test]
    fn sorts_keys_longer_than_their_compared_prefix() {
        let keys = ["averyveryverylong.name@b.example", "averyveryverylong.name@a.example", "averyveryverylong", "a", "", "b"];
        let mut batch = LeadBatch::from_leads(&keys.map(|k| lead(k, None)));
        let order = batch.sort_by_dedupe_key();
        let sorted: Vec<&str> = (0..batch.len()).map(|i| batch.dedupe_key(i)).collect();
        let mut expected = keys.to_vec();
        expected.sort();
        assert_eq!(sorted, expected);
        assert_eq!(order, vec![4, 3, 2, 1, 0, 5]);
        batch.prefetch(0);
        batch.prefetch(batch.len());
    }

    #[test]
    fn permutes_along_its_cycles() {
        let mut items = ['a', 'b', 'c', 'd', 'e'];
        permute_in_place(&mut items, &[2, 0, 1, 4, 3]);
        assert_eq!(items, ['c', 'a', 'b', 'e', 'd']);
    }
}
