"""The kiosk's core: plain Python that never imports Textual.

Content, configuration, translations, speech, printing and usage counts live here so that
CLI commands and tests can drive them without a terminal.
"""
