#!/usr/bin/env bash
# Show that "larger text" works on the recommended kiosk terminal (xterm): start the kiosk in
# xterm on a virtual screen (Xvfb), take a screenshot, press "]" twice, take another.
# Needs the Debian packages xvfb, xterm, xdotool, imagemagick and fonts-dejavu-core.
# Usage: scripts/screenshot-text-size.sh [OUTPUT_DIR]   (default docs/screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
mkdir -p "$out"
display=":97"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xterm_pid $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY="$display"
# The resources docs/deploy.md recommends: a TrueType font with a size menu, and font changes
# allowed so the kiosk can ask for larger letters (OSC 50).
COLORTERM=truecolor xterm -xrm 'XTerm*allowFontOps: true' -xrm 'XTerm*termName: xterm-256color' -xrm 'XTerm*faceName: DejaVu Sans Mono' -xrm 'XTerm*faceSize: 12' \
      -fullscreen -e env KIOSK_TERMINAL_FONT='DejaVu Sans Mono' KIOSK_TERMINAL_FONT_SIZE=12 .venv/bin/kiosk run --config kiosk.example.yaml &
xterm_pid=$!
sleep 6
window=$(xdotool search --pid "$xterm_pid" 2>/dev/null | head -n 1)
import -window root -crop 1280x800+0+0 "$out/text-size-normal.png"
# No window manager on Xvfb: put the pointer over xterm so it has the keyboard focus.
xdotool mousemove --window "$window" 400 300
sleep 0.5
xdotool key bracketright
sleep 1
xdotool key bracketright
sleep 2
import -window root -crop 1280x800+0+0 "$out/text-size-larger.png"
echo "Wrote $out/text-size-normal.png and $out/text-size-larger.png"
