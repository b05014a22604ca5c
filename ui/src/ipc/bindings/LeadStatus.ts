export type LeadStatus = "new" | "researched" | "drafted" | "approved" | "queued" | "sent" | "replied" | "bounced" | "unsubscribed" | "failed";
