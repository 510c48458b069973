#!/usr/bin/env bash
# Start a PulseAudio server whose default sink is a null sink named "kiosk", for tests and
# for kiosks without a sound card. Prints nothing on success.
#
# Idempotent: safe to run when the server already runs and the sink already exists.
# Works without systemd (CI containers): the daemon is started directly.
# Needs root, because it also opens the system-wide socket /run/pulse/native, and the Debian
# packages pulseaudio and pulseaudio-utils.
#
# How clients reach it, with no environment variable to set:
#   - the usual per-user socket (under $XDG_RUNTIME_DIR, or ~/.config/pulse/<machine>-runtime),
#     which every root process with the same HOME and XDG_RUNTIME_DIR finds by itself;
#   - /run/pulse/native, the system socket every libpulse client tries when its own is absent
#     (e.g. a test that changes HOME or XDG_RUNTIME_DIR); anonymous access, local only.
set -euo pipefail

SINK="kiosk"
SYSTEM_SOCKET_DIR="/run/pulse"
LOG="${KIOSK_PULSE_LOG:-/tmp/kiosk-pulseaudio.log}"
WAIT_S=15

fail() {
  echo "start-pulseaudio: $*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] || fail "run this as root: it opens the system socket $SYSTEM_SOCKET_DIR/native."
for tool in pulseaudio pactl paplay; do
  command -v "$tool" >/dev/null 2>&1 ||
    fail "'$tool' is missing. Install it with: apt-get install --no-install-recommends pulseaudio pulseaudio-utils"
done

server_answers() {
  timeout 5 pactl info >/dev/null 2>&1
}

# Wait (bounded) until the check named by "$@" succeeds.
wait_for() {
  local what="$1"
  shift
  local deadline=$((SECONDS + WAIT_S))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$what did not happen within ${WAIT_S} s; see $LOG."
    sleep 0.2
  done
}

daemon_gone() {
  ! pulseaudio --check 2>/dev/null
}

if ! server_answers; then
  # A daemon that runs but does not answer is stuck: replace it.
  if pulseaudio --check 2>/dev/null; then
    pulseaudio --kill 2>/dev/null || true
    wait_for "the stuck PulseAudio daemon stopping" daemon_gone
  fi
  mkdir -p "$SYSTEM_SOCKET_DIR"
  chmod 0755 "$SYSTEM_SOCKET_DIR"
  # Root is warned that PulseAudio is meant for users; that warning and the missing D-Bus are
  # expected here, so the daemon's messages go to its log, not the terminal.
  pulseaudio --daemonize=yes --exit-idle-time=-1 -n --log-target="file:$LOG" \
    --load="module-null-sink sink_name=$SINK sink_properties=device.description=Kiosk" \
    --load="module-native-protocol-unix" \
    --load="module-native-protocol-unix socket=$SYSTEM_SOCKET_DIR/native auth-anonymous=1" \
    >>"$LOG" 2>&1 || fail "pulseaudio did not start; see $LOG."
  wait_for "PulseAudio answering" server_answers
fi

if ! pactl list short sinks 2>/dev/null | awk '{print $2}' | grep -qx "$SINK"; then
  pactl load-module module-null-sink "sink_name=$SINK" "sink_properties=device.description=Kiosk" >/dev/null ||
    fail "could not add the '$SINK' null sink; see $LOG."
fi
pactl set-default-sink "$SINK" || fail "could not make '$SINK' the default sink; see $LOG."
