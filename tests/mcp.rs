//! `reach mcp` as an MCP app runs it: a subprocess on a temp database, spoken to over its standard input
//! and output.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const REACH: &str = env!("CARGO_BIN_EXE_reach");

#[test]
fn the_official_python_client_lists_and_calls_every_tool_and_bad_arguments_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("reach.db");
    let client = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mcp/client.py");
    let out = Command::new("python3")
        .arg(client)
        .arg(REACH)
        .arg(&db)
        .output()
        .expect("python3 runs (scripts/bootstrap.sh installs it and the mcp package)");
    assert!(
        out.status.success(),
        "the Python MCP client's checks pass:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn standard_output_carries_only_json_rpc_messages() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Command::new(REACH)
        .arg("--db")
        .arg(dir.path().join("reach.db"))
        .arg("mcp")
        .env("REACH_DATA_DIR", dir.path())
        .env("REACH_LOG", "debug")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let requests = [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}"#,
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"create_workspace","arguments":{"name":"Acme"}}}"#,
        r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_job","arguments":{"id":"x"}}}"#,
    ];
    let mut stdin = server.stdin.take().unwrap();
    for r in requests {
        writeln!(stdin, "{r}").unwrap();
    }
    // A client keeps the connection open until its answers are in, then closes it.
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let mut stdout = String::new();
    for _ in 0..3 {
        stdout += &lines.next().expect("an answer").unwrap();
        stdout.push('\n');
    }
    drop(stdin);
    for rest in lines {
        stdout += &rest.unwrap();
        stdout.push('\n');
    }
    let out = server.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the server ends cleanly when its client closes the connection: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("every line of standard output is JSON-RPC, not {line:?}")))
        .collect();
    assert!(answers.iter().all(|a| a["jsonrpc"] == "2.0"), "every message is JSON-RPC 2.0: {stdout}");
    let mut ids: Vec<i64> = answers.iter().filter_map(|a| a["id"].as_i64()).collect();
    ids.sort();
    assert_eq!(ids, [1, 2, 3], "each request is answered, the bad one too: {stdout}");
    let bad = answers.iter().find(|a| a["id"] == 3).unwrap();
    assert_eq!(bad["error"]["data"]["argument"], "id", "the wrong-typed argument is named: {stdout}");
}
