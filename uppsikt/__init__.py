"""Uppsikt: plan, follow up, oversee, decide and follow each decision through."""

__version__ = "0.1.0"
