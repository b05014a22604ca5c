//! Checking a JSON answer against the schema the caller asked for, and the one repair request.

use serde_json::Value;

use super::types::{CompletionRequest, JsonSpec, Message};

/// The answer as JSON that matches the schema, or what is wrong with it (for the repair prompt).
pub fn check(spec: &JsonSpec, text: &str) -> Result<Value, String> {
    let value: Value = serde_json::from_str(extract(text)).map_err(|e| format!("it is not valid JSON ({e})"))?;
    let validator = jsonschema::validator_for(&spec.schema).map_err(|e| format!("the schema itself is invalid ({e})"))?;
    let problems: Vec<String> = validator
        .iter_errors(&value)
        .take(5)
        .map(|e| {
            let at = e.instance_path().to_string();
            if at.is_empty() {
                e.to_string()
            } else {
                format!("at {at}: {e}")
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(problems.join("; "))
    }
}

/// The JSON inside an answer: models sometimes wrap it in a Markdown fence or a sentence.
fn extract(text: &str) -> &str {
    let trimmed = text.trim();
    let (Some(start), Some(end)) = (trimmed.find(['{', '[']), trimmed.rfind(['}', ']'])) else {
        return trimmed;
    };
    if start < end {
        &trimmed[start..=end]
    } else {
        trimmed
    }
}

/// The same conversation, the invalid answer, and a request to correct it.
pub fn repair_request(original: &CompletionRequest, answer: &str, problems: &str) -> CompletionRequest {
    let mut request = original.clone();
    request.messages.push(Message::assistant(answer));
    let schema = original.json.as_ref().map(|j| j.schema.to_string()).unwrap_or_default();
    request.messages.push(Message::user(format!(
        "Your answer does not match the required JSON schema: {problems}.\n\
         Reply again with only the corrected JSON object, no other text. The schema:\n{schema}"
    )));
    request
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn spec() -> JsonSpec {
        JsonSpec {
            name: "opener".into(),
            schema: json!({ "type": "object", "required": ["line"], "properties": { "line": { "type": "string", "minLength": 1 } } }),
            strict: false,
        }
    }

    #[test]
    fn a_matching_answer_is_accepted_even_inside_a_fence() {
        assert_eq!(check(&spec(), "```json\n{\"line\": \"Hi\"}\n```").unwrap(), json!({ "line": "Hi" }));
    }

    #[test]
    fn a_mismatch_is_described_for_the_repair_prompt() {
        let problems = check(&spec(), "{\"opening\": 3}").unwrap_err();
        assert!(problems.contains("line"), "the missing property is named: {problems}");
        assert!(check(&spec(), "not json at all").unwrap_err().contains("not valid JSON"));
    }

    #[test]
    fn the_repair_request_carries_the_bad_answer_and_the_problems() {
        let original = CompletionRequest { json: Some(spec()), ..CompletionRequest::new("Write an opener") };
        let repair = repair_request(&original, "{}", "missing line");
        assert_eq!(repair.messages.len(), 3);
        assert_eq!(repair.messages[1], Message::assistant("{}"));
        assert!(repair.messages[2].content.contains("missing line"));
    }
}
