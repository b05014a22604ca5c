"""Drives `reach mcp` with the official Python MCP client, as an MCP app would.

Usage: python3 tests/mcp/client.py REACH_BINARY DATABASE

Starts the server on the database, lists its tools, calls each one on real data (a workspace, a campaign,
an imported CSV, its job and report, the leads it made), and checks that engine errors arrive as tool
errors carrying {code, message}, that a missing or wrong-typed argument is an error naming it, and that the
server answers afterwards. Exits non-zero with the reason on the first thing that does not hold.
"""

import asyncio
import json
import os
import sys
import time
from pathlib import Path

from mcp import ClientSession, MCPError, StdioServerParameters
from mcp.client.stdio import stdio_client

EXPECTED_TOOLS = {
    "list_workspaces", "create_workspace",
    "list_campaigns", "create_campaign", "add_leads_to_campaign", "remove_leads_from_campaign",
    "inspect_file", "import_file", "import_report",
    "search_leads", "list_leads",
    "list_jobs", "get_job", "cancel_job", "pause_job", "resume_job", "retry_failed_items", "list_job_items",
    "list_providers", "usage_summary",
    "create_template", "add_sequence_step", "enrich_leads", "generate_messages", "list_drafts", "approve_drafts", "reject_drafts",
    "send_outreach", "get_status", "get_schedule",
    "list_inbox", "classify_message", "relabel_reply", "reply_to_message",
}


def check(condition, why):
    if not condition:
        raise AssertionError(why)


async def call(session, tool, arguments=None):
    """Calls a tool that must succeed and returns its JSON answer."""
    result = await session.call_tool(tool, arguments or {})
    check(not result.is_error, f"{tool} {arguments} should succeed, got {result.content}")
    return json.loads(result.content[0].text)


async def engine_error(session, tool, arguments):
    """Calls a tool that must fail in the engine and returns its {code, message}."""
    result = await session.call_tool(tool, arguments)
    check(result.is_error, f"{tool} {arguments} should be a tool error, got {result.content}")
    error = result.structured_content
    check(set(error) == {"code", "message"}, f"a tool error carries exactly code and message: {error}")
    check(json.loads(result.content[0].text) == error, "the error's text is the same object, for clients that show text")
    return error


async def bad_argument(session, tool, arguments, name):
    """Calls a tool with an argument it cannot use; the MCP error must name the argument."""
    try:
        result = await session.call_tool(tool, arguments)
    except MCPError as e:
        check(f"`{name}`" in e.message, f"{tool} {arguments}: the error names `{name}`: {e.message!r}")
        check(e.error.data == {"argument": name}, f"{tool} {arguments}: the error's data names `{name}`: {e.error.data!r}")
        return e.message
    raise AssertionError(f"{tool} {arguments} should be refused as bad input, got {result}")


async def wait_for_job(session, job_id, deadline_s=60):
    """Follows a job through get_job until it has ended."""
    start = time.monotonic()
    while True:
        job = await call(session, "get_job", {"id": job_id})
        if job["status"] not in ("queued", "running"):
            return job
        check(time.monotonic() - start < deadline_s, f"job {job_id} still {job['status']} after {deadline_s} s")
        await asyncio.sleep(0.05)


async def run(reach, db):
    folder = Path(db).parent
    leads_csv = folder / "leads.csv"
    leads_csv.write_text(
        "Email,Name,Company\n"
        "ann@acme.example,Ann Archer,Acme\n"
        "bob@beta.example,Bob Baker,Beta\n"
        "not-an-address,Cy Cole,Gamma\n"
        "dee@delta.example,Dee Dale,Delta\n"
    )
    env = {"PATH": os.environ.get("PATH", ""), "REACH_DATA_DIR": str(folder), "REACH_LOG": "info"}
    server = StdioServerParameters(command=reach, args=["--db", db, "mcp"], env=env)
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()

            tools = {t.name: t for t in (await session.list_tools()).tools}
            check(set(tools) == EXPECTED_TOOLS, f"the tools are {sorted(tools)}")
            for tool in tools.values():
                check(tool.description, f"{tool.name} says what it does")
            check(tools["create_workspace"].input_schema.get("required") == ["name"], "create_workspace needs a name")

            workspace = await call(session, "create_workspace", {"name": "Acme"})
            check(workspace["name"] == "Acme", f"created {workspace}")
            listed = await call(session, "list_workspaces")
            check([w["name"] for w in listed] == ["Acme"], f"the workspace is listed: {listed}")

            campaign = await call(session, "create_campaign", {"workspace": "acme", "name": "Spring", "keywords": ["saas"]})
            check(campaign["kind"] == "cold_email" and campaign["keywords"] == ["saas"], f"created {campaign}")
            campaigns = await call(session, "list_campaigns", {"workspace": workspace["id"]})
            check([c["name"] for c in campaigns] == ["Spring"], f"a workspace is found by its id too: {campaigns}")

            preview = await call(session, "inspect_file", {"path": str(leads_csv)})
            check(preview["headers"] == ["Email", "Name", "Company"], f"the preview reads the header: {preview['headers']}")

            started = await call(
                session,
                "import_file",
                {"workspace": "Acme", "path": str(leads_csv), "campaign": "Spring", "map": {"Name": "full_name"}},
            )
            job = await wait_for_job(session, started["job_id"])
            check(job["status"] == "completed", f"the import job completes: {job}")
            report = await call(session, "import_report", {"import_id": started["import_id"]})
            summary = report["import"]
            check((summary["imported"], summary["invalid"]) == (3, 1), f"three leads imported, one invalid: {summary}")
            check([i["line"] for i in report["issues"]] == [4], f"the invalid row is reported by its line: {report['issues']}")

            found = await call(session, "search_leads", {"workspace": "Acme", "query": "ann"})
            check([l["email"] for l in found["leads"]] == ["ann@acme.example"], f"search finds Ann: {found}")
            page = await call(session, "list_leads", {"workspace": "Acme", "campaign": "Spring", "limit": 2})
            check(len(page["leads"]) == 2 and page["next_cursor"], f"a page of two with a cursor: {page}")
            rest = await call(session, "list_leads", {"workspace": "Acme", "campaign": "Spring", "after": page["next_cursor"]})
            emails = {l["email"] for l in page["leads"] + rest["leads"]}
            check(emails == {"ann@acme.example", "bob@beta.example", "dee@delta.example"}, f"two pages hold every lead: {emails}")

            jobs = await call(session, "list_jobs", {"workspace": "Acme"})
            check([j["id"] for j in jobs] == [started["job_id"]], f"the import's job is listed: {jobs}")
            check(len(await call(session, "list_jobs")) == 1, "every job is listed without a workspace")

            not_paused = await engine_error(session, "resume_job", {"id": started["job_id"]})
            check(not_paused["code"] == "conflict", f"a finished job cannot be resumed: {not_paused}")
            finished = await engine_error(session, "cancel_job", {"id": started["job_id"]})
            check(finished["code"] == "conflict", f"a finished job cannot be cancelled: {finished}")
            finished = await engine_error(session, "pause_job", {"id": started["job_id"]})
            check(finished["code"] == "conflict", f"a finished job cannot be paused: {finished}")
            check(await call(session, "list_job_items", {"id": started["job_id"]}) == [], "an import works as one stream, without items")
            again = await call(session, "retry_failed_items", {"id": started["job_id"]})
            check(again["status"] == "completed", f"a job with no failed item stays as it was: {again}")

            await call(session, "create_campaign", {"workspace": "Acme", "name": "Autumn"})
            added = await call(session, "add_leads_to_campaign", {"workspace": "Acme", "campaign": "Autumn", "search": "ann"})
            check(added["affected"] == 1, f"the lead the search finds is enrolled: {added}")
            everyone = await call(session, "add_leads_to_campaign", {"workspace": "Acme", "campaign": "Autumn"})
            check(everyone["affected"] == 2, f"without a search every other lead joins: {everyone}")
            removed = await call(session, "remove_leads_from_campaign", {"workspace": workspace["id"], "campaign": "Autumn", "search": "bob"})
            check(removed["affected"] == 1, f"the lead the search finds leaves the campaign: {removed}")

            await drafting(session)

            check(await call(session, "list_providers") == [], "no AI provider is set up")
            usage = await call(session, "usage_summary", {"workspace": "Acme"})
            check(usage["totals"]["calls"] == 0, f"no AI call was made: {usage}")

            taken = await engine_error(session, "create_workspace", {"name": "acme"})
            check(taken["code"] == "conflict" and "already exists" in taken["message"], f"a taken name: {taken}")
            missing = await engine_error(session, "get_job", {"id": 9999})
            check(missing["code"] == "not_found", f"an unknown job: {missing}")
            unknown = await engine_error(session, "list_leads", {"workspace": "Nobody"})
            check(unknown["code"] == "not_found" and "Nobody" in unknown["message"], f"an unknown workspace: {unknown}")
            month = await engine_error(session, "usage_summary", {"month": "2026-13"})
            check(month["code"] == "validation", f"a bad month: {month}")
            no_message = await engine_error(session, "reply_to_message", {"id": 9999, "body": "Thanks!"})
            check(no_message["code"] == "not_found" and "9999" in no_message["message"], f"an unknown message: {no_message}")

            missing = await bad_argument(session, "create_workspace", {}, "name")
            check(missing.startswith("missing argument"), f"a missing argument is called missing: {missing!r}")
            await bad_argument(session, "get_job", {"id": "seven"}, "id")
            await bad_argument(session, "reply_to_message", {"id": 1}, "body")
            await bad_argument(session, "list_leads", {"workspace": "Acme", "limit": "many"}, "limit")
            await bad_argument(session, "create_campaign", {"workspace": "Acme", "name": "X", "kind": "radio"}, "kind")

            after = await call(session, "list_workspaces")
            check([w["name"] for w in after] == ["Acme"], "the server still answers after the bad calls")


async def drafting(session):
    """Template, sequence, offline enrichment and drafting, then the review tools, on the Spring campaign."""
    broken = await engine_error(session, "create_template", {"workspace": "Acme", "name": "Broken", "subject": "Hi", "body": "{{ first_name }"})
    check(broken["code"] == "validation" and "line 1" in broken["message"], f"a syntax error names its place: {broken}")
    template = await call(
        session,
        "create_template",
        {"workspace": "Acme", "name": "Intro", "subject": "Idea for {{ company }}", "body": "{Hi|Hello} {{ first_name | default('there') }}, {{ opener }}"},
    )
    check(template["name"] == "Intro", f"created {template}")
    no_sequence = await engine_error(session, "generate_messages", {"campaign": "Spring", "offline": True})
    check(no_sequence["code"] == "validation", f"nothing to draft before a step exists: {no_sequence}")
    steps = await call(session, "add_sequence_step", {"campaign": "Spring", "template": "Intro"})
    check([(s["step"], s["variant"]) for s in steps] == [(1, "A")], f"the first step: {steps}")
    radio = await engine_error(session, "add_sequence_step", {"campaign": "Autumn", "ai_prompt": "x", "channel": "radio"})
    check(radio["code"] == "validation" and "not a channel" in radio["message"], f"an unknown channel: {radio}")
    article = {"target_url": "https://acme.example/guide", "anchor_text": "the guide", "min_words": 600, "max_words": 900, "topic": "SEO"}
    guest = await call(session, "add_sequence_step", {"campaign": "Autumn", "ai_prompt": "A guide", "channel": "article", "article": article})
    check(guest[0]["channel"] == "article" and guest[0]["article"]["anchor_text"] == "the guide", f"an article step: {guest}")

    enriched = await wait_for_job(session, (await call(session, "enrich_leads", {"campaign": "Spring", "offline": True}))["job_id"])
    check((enriched["status"], enriched["done"]) == ("completed", 3), f"three leads enriched offline: {enriched}")
    drafted = await wait_for_job(session, (await call(session, "generate_messages", {"campaign": "Spring", "offline": True}))["job_id"])
    check((drafted["status"], drafted["done"]) == ("completed", 3), f"three drafts written offline: {drafted}")
    drafts = await call(session, "list_drafts", {"campaign": "Spring"})
    check(len(drafts) == 3 and all(d["status"] == "pending" and d["offline"] for d in drafts), f"three pending drafts: {drafts}")
    check(all(d["subject"].startswith("Idea for ") and "qc" in d for d in drafts), "each with its subject and QC")

    rejected = await call(session, "reject_drafts", {"ids": [drafts[0]["id"]], "note": "too short"})
    check(rejected["changed"] == 1, f"one rejected: {rejected}")
    approved = await call(session, "approve_drafts", {"all_passing_in": {"campaign": "Spring"}})
    check(approved["changed"] == 2, f"the two waiting drafts that pass QC: {approved}")
    again = await call(session, "approve_drafts", {"ids": [drafts[0]["id"]]})
    check(again["changed"] == 0 and "rejected" in again["skipped"][0]["reason"], f"a rejected draft is not approved: {again}")
    listed = await call(session, "list_drafts", {"campaign": "Spring", "status": "approved"})
    check(len(listed) == 2, f"two approved: {listed}")
    bad = await engine_error(session, "list_drafts", {"campaign": "Spring", "status": "done"})
    check(bad["code"] == "validation", f"an unknown status: {bad}")
    await sending(session)


async def sending(session):
    """The schedule says what blocks sending, a dry run is refused for the same reason, and the outbox is empty."""
    schedule = await call(session, "get_schedule", {"campaign": "Spring"})
    check(schedule["waiting"] == 2 and any("sender account" in p for p in schedule["problems"]), f"the blockers are listed: {schedule}")
    refused = await engine_error(session, "send_outreach", {"campaign": "Spring"})
    check(refused["code"] == "validation" and "physical address" in refused["message"], f"a dry run needs the footer's address: {refused}")
    real = await engine_error(session, "send_outreach", {"campaign": "Spring", "send_for_real": True})
    check(real["code"] == "validation" and "cannot start sending" in real["message"], f"launch is refused with its reasons: {real}")
    status = await call(session, "get_status", {"campaign": "Spring"})
    check(status["attempts"] == [] and status["campaign_sending"] == "not_started", f"nothing queued: {status}")
    odd = await engine_error(session, "get_status", {"campaign": "Spring", "status": "lost"})
    check(odd["code"] == "validation", f"an unknown state: {odd}")
    await inbox(session)


BOUNCE = (
    "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\nTo: me@example.com\r\nSubject: Undelivered Mail\r\n"
    "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n"
    "--B\r\nContent-Type: text/plain\r\n\r\nNot delivered.\r\n--B\r\nContent-Type: message/delivery-status\r\n\r\n"
    "Reporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; gone@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--B--\r\n"
)


async def inbox(session):
    """How a message reads, the (empty) inbox, and a relabel of a message that is not there."""
    reading = await call(session, "classify_message", {"message": BOUNCE})
    recipients = reading["bounce"]["recipients"]
    check(reading["kind"] == "bounce" and recipients[0]["address"] == "gone@example.org" and recipients[0]["hard"], f"a hard bounce: {reading}")
    listed = await call(session, "list_inbox", {"workspace": "Acme", "kind": "reply"})
    check(listed["items"] == [] and listed["total"] == 0, f"nothing read yet: {listed}")
    missing = await engine_error(session, "relabel_reply", {"id": 424242, "category": "interested"})
    check(missing["code"] == "not_found", f"no such message: {missing}")
    both = await engine_error(session, "classify_message", {"message": BOUNCE, "path": "/nowhere.eml"})
    check(both["code"] == "validation", f"one source only: {both}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    try:
        asyncio.run(run(sys.argv[1], sys.argv[2]))
    except BaseException as e:  # the client's task groups wrap what failed; show the innermost reason
        while isinstance(e, BaseExceptionGroup) and len(e.exceptions) == 1:
            e = e.exceptions[0]
        print(f"FAILED: {e!r}", file=sys.stderr)
        sys.exit(1)
    print("reach mcp: every tool answered as expected")


if __name__ == "__main__":
    main()
