//! AI providers, their fallback chains per purpose and the price table: the types the doors use. The
//! operations are the `impl Engine` blocks in `providers`.

pub use crate::llm::{CircuitState, DeltaSink, ModelPrice, ProviderKind, Purpose, StreamChunk};
pub use crate::providers::{KeyChange, PresetInfo, ProviderInput, ProviderPreset, ProviderTest, ProviderView, RouteStepInput, RouteView};
