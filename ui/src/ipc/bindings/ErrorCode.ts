export type ErrorCode = "validation" | "not_found" | "conflict" | "file_unreadable" | "keychain_unavailable" | "offline" | "cancelled" | "internal";
