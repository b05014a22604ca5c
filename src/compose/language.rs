pub fn expected_language(_country: Option<&str>, _custom: &serde_json::Map<String, serde_json::Value>) -> Option<&'static str> { None }
pub fn detect(_text: &str) -> Option<(&'static str, &'static str)> { None }
