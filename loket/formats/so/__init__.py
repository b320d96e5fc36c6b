"""Somali."""
