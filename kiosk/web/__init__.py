"""Web mode's server: textual-serve with the kiosk's own guards (imported only by ``kiosk serve``)."""
