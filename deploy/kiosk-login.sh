# Start the kiosk when the kiosk user is logged in on the first console (deploy/getty-autologin.conf).
# Install as ~kiosk/.bash_profile (owned by root, mode 644, so the kiosk user cannot change it).
# Logins anywhere else (ssh, other consoles) get an ordinary shell.
#
# The bare Linux console cannot draw Chinese or joined Arabic, so even here the kiosk runs in foot
# under cage. When the kiosk ends, the login ends and getty starts it again.
if [ "$(tty)" = "/dev/tty1" ]; then
    export XDG_SESSION_TYPE=wayland LANG=C.UTF-8
    cd /opt/send-kiosk || exit 1
    exec /usr/bin/cage -d -- /usr/bin/foot --config=/etc/kiosk/foot.ini \
        /opt/send-kiosk/.venv/bin/kiosk run --config /etc/kiosk/kiosk.yaml
fi
