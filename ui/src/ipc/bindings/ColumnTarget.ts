export type ColumnTarget = "email" | "first_name" | "last_name" | "full_name" | "company" | "title" | "website" | "domain" | "linkedin_url" | "country" | "timezone" | "custom" | "ignore";
