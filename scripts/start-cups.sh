#!/usr/bin/env bash
# Start CUPS and a "kiosk-pdf" print queue that writes PDFs (cups-pdf), for tests and demos.
#
# Idempotent: safe to run when cupsd already runs and the queue already exists.
# Works without systemd (CI containers): cupsd is started directly as a daemon.
# Needs root (it edits /etc/cups) and the Debian packages cups, cups-client, cups-bsd and
# printer-driver-cups-pdf.
#
# Printed PDFs land in $KIOSK_PDF_DIR (default /var/spool/cups-pdf/kiosk-pdf), named
# "job_<job id>-<title>.pdf", so a test can find the file of the job it submitted.
set -euo pipefail
# lpstat's answers are parsed below: untranslated, whatever the machine's language.
export LC_ALL=C

QUEUE="kiosk-pdf"
PDF_DIR="${KIOSK_PDF_DIR:-/var/spool/cups-pdf/kiosk-pdf}"
# cups-pdf reads /etc/cups/cups-pdf-<queue>.conf before the shared cups-pdf.conf, so this
# queue gets its own output folder without changing how other cups-pdf queues behave.
QUEUE_CONF="/etc/cups/cups-pdf-${QUEUE}.conf"
PPD_FILE="/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
WAIT_S=15

fail() {
  echo "start-cups: $*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] || fail "run this as root: it starts cupsd and edits /etc/cups."
for tool in cupsd lpadmin lpstat cupsenable cupsaccept; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
    fail "'$tool' is missing. Install it with: apt-get install --no-install-recommends cups cups-client cups-bsd"
done
[ -x /usr/lib/cups/backend/cups-pdf ] && [ -f "$PPD_FILE" ] ||
  fail "cups-pdf is missing. Install it with: apt-get install --no-install-recommends printer-driver-cups-pdf"
PATH="$PATH:/usr/sbin"

scheduler_running() {
  lpstat -r 2>/dev/null | grep -qx "scheduler is running"
}

# Wait (bounded) until the check named by "$@" succeeds.
wait_for() {
  local what="$1"
  shift
  local deadline=$((SECONDS + WAIT_S))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$what did not happen within ${WAIT_S} s; see /var/log/cups/error_log."
    sleep 0.2
  done
}

# Nothing of a family's print is kept (as docs/deploy.md sets for a real kiosk): CUPS removes the
# job's document as soon as it has printed, and the job's record after 30 s - long enough for the
# kiosk to read whether the job printed or was cancelled.
CUPSD_CONF="/etc/cups/cupsd.conf"
set_directive() {
  grep -qix "$1 $2" "$CUPSD_CONF" && return 1
  sed -i "/^[[:space:]]*$1[[:space:]]/Id" "$CUPSD_CONF"
  printf '%s %s\n' "$1" "$2" >>"$CUPSD_CONF"
}
conf_changed=0
set_directive PreserveJobFiles No && conf_changed=1
set_directive PreserveJobHistory 30 && conf_changed=1
if [ "$conf_changed" -eq 1 ] && scheduler_running && [ -f /run/cups/cupsd.pid ]; then
  # SIGHUP makes cupsd read its configuration again.
  kill -HUP "$(cat /run/cups/cupsd.pid)" || true
  sleep 1
  wait_for "cupsd restarting" scheduler_running
fi

if ! scheduler_running; then
  mkdir -p /run/cups /var/spool/cups /var/log/cups
  # No systemd here: cupsd forks into the background by itself; its output goes to its log.
  cupsd >/dev/null 2>&1 || fail "cupsd did not start; see /var/log/cups/error_log."
  wait_for "cupsd starting" scheduler_running
fi

mkdir -p "$PDF_DIR"
chmod 0755 "$PDF_DIR"
# cups-pdf's parser leaks text from comment lines into file names: this file holds none.
# UserUMask 0022 lets any user (a test not running as root) read the PDFs.
desired_conf="$(printf '%s\n' "Out ${PDF_DIR}" "AnonDirName ${PDF_DIR}" "UserUMask 0022")"
if [ ! -f "$QUEUE_CONF" ] || [ "$(cat "$QUEUE_CONF")" != "$desired_conf" ]; then
  printf '%s\n' "$desired_conf" >"$QUEUE_CONF"
fi

# The device URI names the queue's own cups-pdf configuration file (cups-pdf-<name>.conf).
DEVICE_URI="cups-pdf:/${QUEUE}"
if ! lpstat -v "$QUEUE" 2>/dev/null | grep -q "device for $QUEUE: $DEVICE_URI\$"; then
  # lpadmin warns that PPD drivers are deprecated; the warning is expected and not useful here.
  lpadmin -p "$QUEUE" -E -v "$DEVICE_URI" -P "$PPD_FILE" -D "Kiosk PDF printer (cups-pdf)" 2>/dev/null ||
    fail "could not create the '$QUEUE' queue; see /var/log/cups/error_log."
fi
cupsenable "$QUEUE"
cupsaccept "$QUEUE"
lpadmin -d "$QUEUE"

queue_ready() {
  lpstat -a "$QUEUE" 2>/dev/null | grep -q "^$QUEUE accepting" &&
    lpstat -p "$QUEUE" 2>/dev/null | grep -q "^printer $QUEUE .*enabled"
}
wait_for "the '$QUEUE' queue accepting jobs" queue_ready
echo "CUPS is running; queue '$QUEUE' (the default) writes PDFs to $PDF_DIR"
