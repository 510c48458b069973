"""The Textual layer: it shows the core's pages and routes keys; it holds no facts of its own."""
