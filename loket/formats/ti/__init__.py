"""Tigrinya."""
