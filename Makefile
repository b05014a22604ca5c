# Reach: `make run` opens the app, `make test` runs every test. Both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := run
export CARGO_TERM_COLOR := never
APP := target/debug/reach-app

.PHONY: run test deps ui app cli bindings check-bindings check-format test-engine test-ui test-desktop bench-import bench-jobs bench-drafts bench-llm bench-send bench-inbox clean

deps:
	bash scripts/bootstrap.sh

ui: deps
	cd ui && npm run build

app: ui
	cargo build --workspace

cli: deps
	cargo build --workspace

run: app
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
		echo "No display found: Reach needs a desktop session to open its window."; \
		echo "On a headless machine run it under a virtual display:  xvfb-run -a make run"; \
		echo "The command line works without one:  target/debug/reach --help"; \
		exit 1; \
	fi
	$(APP)

# Regenerates the TypeScript types of the IPC contract from the Rust types, and the engine mock's fixtures.
bindings: ui
	cargo test --workspace --lib export_bindings --quiet

# Fails when the committed TypeScript types, or the engine values and error sentences the browser tests'
# engine mock answers with (ui/src/test/fixtures, written by src/ui_fixtures.rs), differ from what the
# engine generates.
check-bindings: bindings
	@if [ -n "$$(git status --porcelain -- ui/src/ipc/bindings ui/src/test/fixtures)" ]; then \
		git status --porcelain -- ui/src/ipc/bindings ui/src/test/fixtures; \
		echo "ui/src/ipc/bindings or ui/src/test/fixtures is stale: run 'make bindings' and commit the result"; exit 1; \
	fi

# Fails when Rust code is not formatted as rustfmt.toml says: run `cargo fmt` and commit the result.
check-format: deps
	cargo fmt --all --check

# The engine tests run with a real OS keychain (a fresh kernel session keyring); the secrets tests run
# once more against a Secret Service (gnome-keyring on a private D-Bus), with the same packages and features
# so nothing is rebuilt for it. REACH_REQUIRE_KEYCHAIN turns a missing keychain into a failure instead of a
# skip.
test-engine: ui
	REACH_REQUIRE_KEYCHAIN=1 bash scripts/with-keychain.sh keyutils cargo test --workspace --no-fail-fast
	REACH_REQUIRE_KEYCHAIN=1 bash scripts/with-keychain.sh secret-service cargo test --workspace --no-fail-fast --test secrets

test-ui: ui
	cd ui && npm run typecheck && npm test && npm run e2e

test-desktop: app
	bash scripts/desktop-e2e.sh

test: deps check-format check-bindings test-engine test-ui test-desktop

bench-import: deps
	bash bench/import/run.sh

# 100,000 trivial items through the job runner beside a plain SQLite loop writing the same results.
bench-jobs: deps
	cargo run --release --example bench_jobs

# Offline drafting of 100,000 leads: rendering beside Python's Jinja2 + spintax, then the whole drafting job.
bench-drafts: deps
	cargo run --release --example bench_drafts

# 5,000 requests through the LLM router to a simulated provider (300 ms, 600 requests/minute): ~9 minutes.
bench-send: deps
	cargo build --release --bin reach
	/usr/bin/python3 bench/send/run.py target/release/reach

# 50,000 messages in a Dovecot mailbox synced from empty by `reach inbox sync`, beside Python imaplib + email;
# then the mail corpus read (parsed and classified) in process, repeated to 100,000 messages.
bench-inbox: deps
	cargo build --release --bin reach --example bench_imap_fetch --example bench_classify
	bash scripts/with-keychain.sh keyutils /usr/bin/python3 bench/inbox/run.py --reach-binary target/release/reach --fetch-binary target/release/examples/bench_imap_fetch
	target/release/examples/bench_classify

bench-llm: deps
	cargo run --release --example bench_router

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules
