"""The counter's domain and local store: no Qt, no HTTP."""

__version__ = "0.1.0"
