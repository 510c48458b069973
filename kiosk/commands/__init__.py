"""Sub-commands of the ``kiosk`` CLI, one module each, each with ``run(args) -> int``."""
