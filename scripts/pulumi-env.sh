# Source this to run the real `pulumi` CLI fully offline and isolated (see docs/pulumi-cli.md):
#
#   . scripts/pulumi-env.sh [STATE_DIR]
#
# It provisions the CLI through scripts/ensure-pulumi.sh, puts its directory first on PATH and points
# PULUMI_HOME and a file:// backend at STATE_DIR (default: a new temp dir, exported as PULUMI_TEST_STATE_DIR).
# The passphrase is a fixed, obviously fake test value. Nothing is downloaded: missing plugins are errors.
# PULUMI_SKIP_CONFIRMATIONS is not set: it acts as --yes on every command, and `pulumi refresh --preview-only`
# refuses --yes ("--yes and --preview-only cannot be used together"); pass --yes to up/destroy instead.
# Works in bash and zsh; returns non-zero (without exiting the caller's shell) when provisioning fails.

__pulumi_env_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
if __pulumi_env_bin="$(bash "$__pulumi_env_root/scripts/ensure-pulumi.sh" | tail -n 1)" && [ -n "$__pulumi_env_bin" ]; then
  PULUMI_TEST_STATE_DIR="${1:-$(mktemp -d "${TMPDIR:-/tmp}/pulumi-state.XXXXXX")}"
  mkdir -p "$PULUMI_TEST_STATE_DIR/backend" "$PULUMI_TEST_STATE_DIR/home"
  export PULUMI_TEST_STATE_DIR
  export PATH="$__pulumi_env_bin:$PATH"
  export PULUMI_HOME="$PULUMI_TEST_STATE_DIR/home"
  export PULUMI_BACKEND_URL="file://$PULUMI_TEST_STATE_DIR/backend"
  export PULUMI_CONFIG_PASSPHRASE="test"
  export PULUMI_SKIP_UPDATE_CHECK=true
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
  export PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true
  unset __pulumi_env_root __pulumi_env_bin
else
  echo "pulumi-env: could not provision the Pulumi CLI (see messages above)" >&2
  unset __pulumi_env_root __pulumi_env_bin
  false
fi
