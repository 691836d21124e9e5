"""Delivery and wiring: settings, composition root, Falcon app, CLI."""
