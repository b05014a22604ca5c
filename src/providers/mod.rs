//! The AI services Reach knows by name, with the address, protocol and defaults each one needs. The
//! operations on providers are in `api::providers`.

mod presets;

pub use presets::{PresetInfo, ProviderPreset};
