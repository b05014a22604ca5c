//! How Reach reads a message: the kinds, bounce details and reply classes every part of the inbox shares.

pub use super::parse::{AttachmentInfo, AutoReply, Bounce, BounceReason, BounceRecipient, MessageKind, Reading, ReplyCategory};
