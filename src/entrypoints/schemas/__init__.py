"""Marshmallow schemas: what each role may send in, what each audience gets back."""
