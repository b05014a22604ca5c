//! The engine's public surface: one file per area, each an `impl Engine` block with the types it takes
//! and returns. The window, the CLI and the MCP server call these methods and nothing below them.

pub mod batches;
pub mod budget;
pub mod campaigns;
pub mod changes;
pub mod drafting;
pub mod enrollments;
pub mod imports;
pub mod inbox;
pub mod inbox_reply;
pub mod inbox_sync;
pub mod jobs;
pub mod leads;
pub mod outbox;
pub mod providers;
pub mod review;
pub mod routes;
pub mod schedule;
pub mod sending;
pub mod sequences;
pub mod templates;
pub mod workspaces;
