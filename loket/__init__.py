"""Loket: an open-source case system for an immigration service."""
