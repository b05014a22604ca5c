export type LeadSortField = "created_at" | "email" | "first_name" | "last_name" | "company" | "title" | "country" | "status" | "fit_score";
