"""SEND disagreements kiosk: a multilingual, speaking guide for council receptions."""

__version__ = "0.1.0"
