//! Tool arguments, read so that an error names the argument that is missing or of the wrong type.

use rmcp::handler::server::common::FromContextPart;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::ErrorData;
use serde::de::DeserializeOwned;

/// A tool's arguments as `P`. Its JSON schema is `P`'s; a value that does not fit is an invalid-params
/// error saying which argument and why (rmcp's own extractor says only why).
pub struct Parameters<P>(pub P);

impl<P: schemars::JsonSchema> schemars::JsonSchema for Parameters<P> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        P::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        P::json_schema(generator)
    }
}

impl<S, P: DeserializeOwned> FromContextPart<ToolCallContext<'_, S>> for Parameters<P> {
    fn from_context_part(context: &mut ToolCallContext<S>) -> Result<Self, ErrorData> {
        let arguments = serde_json::Value::Object(context.arguments.take().unwrap_or_default());
        serde_path_to_error::deserialize(arguments).map(Parameters).map_err(|e| {
            let path = e.path().to_string();
            let detail = e.inner().to_string();
            if path == "." {
                ErrorData::invalid_params(format!("invalid arguments: {detail}"), None)
            } else {
                ErrorData::invalid_params(format!("invalid argument `{path}`: {detail}"), Some(serde_json::json!({ "argument": path })))
            }
        })
    }
}
