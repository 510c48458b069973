"""Reading pages aloud: espeak-ng (through pyttsx3) in a child process, a player process per sentence.

Import from the submodules; this package imports nothing, so the synthesis child process starts
without loading the rest of the kiosk:

- ``service``: ``SpeechService``, the app's one speech controller.
- ``events``: what the service reports (``SentenceStarted``, ``SpeechFinished``, ``StatusChanged``...).
- ``voices``: which espeak-ng voice reads which kiosk language.
- ``render``: ``synthesise_to_wav`` and ``installed_voices`` for commands.
"""
