//! Tool arguments, read so that an error names the argument that is missing or of the wrong type.

use rmcp::handler::server::common::{schema_for_input, FromContextPart};
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::model::JsonObject;
use rmcp::ErrorData;
use serde::de::DeserializeOwned;

/// A tool's arguments as `P`. Its JSON schema is `P`'s; a value that does not fit is an invalid-params
/// error whose message and data name the argument (rmcp's own extractor says only why).
pub struct Parameters<P>(pub P);

impl<P: schemars::JsonSchema> schemars::JsonSchema for Parameters<P> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        P::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        P::json_schema(generator)
    }
}

impl<S, P: DeserializeOwned + schemars::JsonSchema + 'static> FromContextPart<ToolCallContext<'_, S>> for Parameters<P> {
    fn from_context_part(context: &mut ToolCallContext<S>) -> Result<Self, ErrorData> {
        let arguments = context.arguments.take().unwrap_or_default();
        if let Some(name) = first_missing::<P>(&arguments) {
            return Err(named(&name, "missing argument", "the tool needs it"));
        }
        serde_path_to_error::deserialize(serde_json::Value::Object(arguments)).map(Parameters).map_err(|e| {
            let path = e.path().to_string();
            let detail = e.inner().to_string();
            if path == "." {
                ErrorData::invalid_params(format!("invalid arguments: {detail}"), None)
            } else {
                named(&path, "invalid argument", &detail)
            }
        })
    }
}

/// The first argument the schema of `P` requires that the call left out.
fn first_missing<P: schemars::JsonSchema + 'static>(arguments: &JsonObject) -> Option<String> {
    let schema = schema_for_input::<P>().ok()?;
    let required = schema.get("required")?.as_array()?;
    required.iter().filter_map(|r| r.as_str()).find(|name| !arguments.contains_key(*name)).map(str::to_string)
}

/// An invalid-params error whose message and data name the argument.
fn named(argument: &str, what: &str, detail: &str) -> ErrorData {
    ErrorData::invalid_params(format!("{what} `{argument}`: {detail}"), Some(serde_json::json!({ "argument": argument })))
}
