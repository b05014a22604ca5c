#!/usr/bin/env bash
# Runs a command with a real OS keychain on a machine without a desktop session (CI, SSH).
#   with-keychain.sh keyutils CMD...        a fresh kernel session keyring (keyctl session -)
#   with-keychain.sh secret-service CMD...  a private D-Bus session with an unlocked gnome-keyring
set -euo pipefail

mode="${1:?usage: with-keychain.sh keyutils|secret-service CMD...}"
shift

case "$mode" in
  keyutils)
    # A session bus from a desktop would make the app pick the Secret Service; this run is about keyutils.
    unset DBUS_SESSION_BUS_ADDRESS
    export REACH_EXPECT_KEYCHAIN="kernel keyring"
    exec keyctl session - "$@"
    ;;
  secret-service)
    # gnome-keyring keeps its files under XDG_DATA_HOME and its socket under XDG_RUNTIME_DIR: both
    # private to this run, so nothing of the user's own keyring is touched.
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    mkdir -p "$scratch/data" "$scratch/run"
    chmod 700 "$scratch/run"
    export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" REACH_EXPECT_KEYCHAIN="Secret Service"
    dbus-run-session -- bash -c '
      # Without the unlock, the first write fails with "no storage access".
      printf %s reach-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
      "$@"' with-keychain "$@"
    ;;
  *)
    echo "with-keychain.sh: unknown mode $mode (keyutils or secret-service)" >&2
    exit 2
    ;;
esac
