"""Falcon resources, one module per area; responders parse, call one use case, render."""
