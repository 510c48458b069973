"""The kiosk's screens: home, the four steps, contacts, help, language, staff."""
