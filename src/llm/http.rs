//! What the three protocols share on the wire: sending with a timeout, reading error bodies into typed
//! errors, Retry-After, and server-sent events.

use std::time::{Duration, SystemTime};

use eventsource_stream::{Event, Eventsource};
use futures_util::{Stream, StreamExt};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{RequestBuilder, Response, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::LlmError;
use super::provider::{Endpoint, LlmResult};

/// A header value the HTTP stack must never print (API keys).
pub(super) fn secret_header(value: &str) -> HeaderValue {
    let mut v = HeaderValue::from_str(value).unwrap_or_else(|_| HeaderValue::from_static(""));
    v.set_sensitive(true);
    v
}

/// Sends the request; any non-success status becomes the matching typed error. With `whole_timeout` the
/// timeout covers the whole answer; without (a stream), it covers the wait for the response to begin, and
/// `sse` covers each silence after that.
pub(super) async fn send(endpoint: &Endpoint, model: &str, request: RequestBuilder, whole_timeout: bool) -> LlmResult<Response> {
    let response = if whole_timeout {
        request.timeout(endpoint.timeout).send().await
    } else {
        tokio::time::timeout(endpoint.timeout, request.send())
            .await
            .map_err(|_| LlmError::Timeout { provider: endpoint.label.clone(), after: endpoint.timeout })?
    };
    let response = response.map_err(|e| transport_error(endpoint, e))?;
    if response.status().is_success() {
        return Ok(response);
    }
    Err(status_error(endpoint, model, response).await)
}

/// Reads and decodes a whole JSON body. A cut-off or non-JSON body is `Malformed`.
pub(super) async fn json_body<T: DeserializeOwned>(endpoint: &Endpoint, response: Response) -> LlmResult<T> {
    let bytes = response.bytes().await.map_err(|e| transport_error(endpoint, e))?;
    serde_json::from_slice(&bytes).map_err(|e| LlmError::Malformed { provider: endpoint.label.clone(), detail: body_problem(&e) })
}

fn body_problem(e: &serde_json::Error) -> String {
    if e.is_eof() {
        "the answer was cut off".to_string()
    } else if e.is_syntax() {
        "the answer is not JSON".to_string()
    } else {
        format!("unexpected answer layout: {e}")
    }
}

pub(super) fn decode<T: DeserializeOwned>(endpoint: &Endpoint, text: &str) -> LlmResult<T> {
    serde_json::from_str(text).map_err(|e| LlmError::Malformed { provider: endpoint.label.clone(), detail: body_problem(&e) })
}

pub(super) fn transport_error(endpoint: &Endpoint, e: reqwest::Error) -> LlmError {
    let provider = endpoint.label.clone();
    if e.is_timeout() {
        LlmError::Timeout { provider, after: endpoint.timeout }
    } else if e.is_body() || e.is_decode() {
        LlmError::Malformed { provider, detail: "the answer was cut off".into() }
    } else {
        LlmError::Unreachable { provider, source: e.without_url() }
    }
}

/// The parts of an error body the three protocols share: all wrap it as `{"error": {...}}`.
#[derive(Debug, Default)]
pub(super) struct ErrorBody {
    pub message: String,
    /// OpenAI `code` or `type`, Anthropic `type`, Gemini `status`.
    pub kind: String,
    /// Gemini `details[].reason` (e.g. API_KEY_INVALID).
    pub reasons: Vec<String>,
    /// Gemini `RetryInfo.retryDelay`.
    pub retry_delay: Option<Duration>,
}

pub(super) fn parse_error_body(text: &str) -> ErrorBody {
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return ErrorBody { message: text.chars().take(200).collect(), ..Default::default() };
    };
    // Some servers answer a list of errors (Gemini on some paths).
    let value = if let Value::Array(items) = &value { items.first().cloned().unwrap_or(Value::Null) } else { value };
    let err = value.get("error").unwrap_or(&value);
    let message = match err {
        Value::String(s) => s.clone(),
        _ => err.get("message").and_then(Value::as_str).unwrap_or_default().to_string(),
    };
    let kind = ["code", "type", "status"]
        .iter()
        .filter_map(|k| err.get(*k).and_then(Value::as_str))
        .map(str::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    let details = err.get("details").and_then(Value::as_array).cloned().unwrap_or_default();
    let reasons = details.iter().filter_map(|d| d.get("reason").and_then(Value::as_str)).map(str::to_string).collect();
    let retry_delay = details
        .iter()
        .filter_map(|d| d.get("retryDelay").and_then(Value::as_str))
        .find_map(|d| d.trim_end_matches('s').parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64);
    ErrorBody { message, kind, reasons, retry_delay }
}

/// Maps an HTTP error status (and its body) to what the router acts on.
async fn status_error(endpoint: &Endpoint, model: &str, response: Response) -> LlmError {
    let status = response.status();
    let retry_after = retry_after(response.headers(), SystemTime::from(endpoint.clock.now()));
    let text = response.text().await.unwrap_or_default();
    let body = parse_error_body(&text);
    classify(endpoint, model, status, retry_after.or(body.retry_delay), &body)
}

pub(super) fn classify(endpoint: &Endpoint, model: &str, status: StatusCode, retry_after: Option<Duration>, body: &ErrorBody) -> LlmError {
    let provider = endpoint.label.clone();
    let kind = body.kind.to_ascii_lowercase();
    let message = scrub(&body.message, endpoint.key.as_ref());
    let lower = message.to_ascii_lowercase();
    let bad_key = body.reasons.iter().any(|r| r == "API_KEY_INVALID")
        || kind.contains("invalid_api_key")
        || kind.contains("authentication_error")
        || lower.contains("api key not valid");
    let model_missing = kind.contains("model_not_found")
        || kind.contains("not_found")
        || (lower.contains("model") && (lower.contains("not found") || lower.contains("does not exist")));
    match status.as_u16() {
        401 | 403 => LlmError::BadKey { provider, status: status.as_u16() },
        _ if bad_key => LlmError::BadKey { provider, status: status.as_u16() },
        402 => LlmError::QuotaExhausted { provider },
        404 => LlmError::UnknownModel { provider, model: model.to_string() },
        429 if kind.contains("insufficient_quota") || kind.contains("billing") => LlmError::QuotaExhausted { provider },
        429 => LlmError::RateLimited { provider, retry_after },
        400 | 422 if model_missing => LlmError::UnknownModel { provider, model: model.to_string() },
        400 if kind.contains("billing") => LlmError::QuotaExhausted { provider },
        408 => LlmError::Timeout { provider, after: endpoint.timeout },
        s if s >= 500 => LlmError::Server { provider, status: s, retry_after },
        s => LlmError::BadRequest {
            provider,
            status: s,
            message: if message.is_empty() { "no reason given".to_string() } else { message.chars().take(300).collect() },
        },
    }
}

/// Providers sometimes echo (part of) the key in an error message; it never goes further than here.
pub(super) fn scrub(message: &str, key: Option<&SecretString>) -> String {
    match key.map(|k| k.expose_secret().trim()).filter(|k| k.len() >= 4) {
        Some(k) => message.replace(k, "[key]"),
        None => message.to_string(),
    }
}

/// `Retry-After` as seconds or an HTTP date, or `retry-after-ms`.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if let Some(ms) = headers.get("retry-after-ms").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<f64>().ok()) {
        if ms.is_finite() && ms >= 0.0 {
            return Some(Duration::from_secs_f64(ms / 1000.0));
        }
    }
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The events of a `text/event-stream` body. Waiting longer than the endpoint's timeout for the next
/// piece is a `Timeout`; a broken connection is `Malformed` (the answer was cut off).
pub(super) fn sse<'a>(endpoint: &'a Endpoint, response: Response) -> impl Stream<Item = LlmResult<Event>> + 'a {
    let timeout = endpoint.timeout;
    let events = response.bytes_stream().eventsource();
    futures_util::stream::unfold(Box::pin(events), move |mut events| async move {
        match tokio::time::timeout(timeout, events.next()).await {
            Err(_) => Some((Err(LlmError::Timeout { provider: endpoint.label.clone(), after: timeout }), events)),
            Ok(None) => None,
            Ok(Some(Ok(event))) => Some((Ok(event), events)),
            Ok(Some(Err(e))) => {
                let err = match e {
                    eventsource_stream::EventStreamError::Transport(t) => transport_error(endpoint, t),
                    other => LlmError::Malformed { provider: endpoint.label.clone(), detail: format!("unreadable event stream: {other}") },
                };
                Some((Err(err), events))
            }
        }
    })
}

/// Joins a base URL and a path without doubling or dropping the slash.
pub(super) fn join(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(reqwest::header::HeaderName::from_bytes(k.as_bytes()).unwrap(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn retry_after_reads_seconds_dates_and_milliseconds() {
        let now = httpdate::parse_http_date("Wed, 25 Nov 2026 10:00:00 GMT").unwrap();
        assert_eq!(retry_after(&headers(&[("retry-after", "3")]), now), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(&headers(&[("retry-after", "Wed, 25 Nov 2026 10:00:07 GMT")]), now), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after(&headers(&[("retry-after", "Wed, 25 Nov 2026 09:00:00 GMT")]), now),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        assert_eq!(retry_after(&headers(&[("retry-after-ms", "1500")]), now), Some(Duration::from_millis(1500)));
        assert_eq!(retry_after(&headers(&[("retry-after", "soon")]), now), None);
        assert_eq!(retry_after(&headers(&[]), now), None);
    }

    #[test]
    fn gemini_error_bodies_give_their_reason_and_retry_delay() {
        let body = parse_error_body(
            r#"{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}"#,
        );
        assert_eq!(body.kind, "RESOURCE_EXHAUSTED");
        assert_eq!(body.retry_delay, Some(Duration::from_secs(37)));
        let body = parse_error_body(
            r#"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}"#,
        );
        assert_eq!(body.reasons, vec!["API_KEY_INVALID".to_string()]);
    }

    #[test]
    fn a_key_echoed_in_an_error_message_is_scrubbed() {
        let key = SecretString::from("sk-echoed-key-1234");
        assert_eq!(scrub("Incorrect API key provided: sk-echoed-key-1234.", Some(&key)), "Incorrect API key provided: [key].");
    }
}
