"""Integrity signals (issue 15 items 6-8): patterns in the activity of officers worth a second look.

The engine (``engine``) reads a stream of activity records (officers, mandates, cases,
events) either from another system's JSON Lines export (``reader``) or from Loket's own
data (``adapter``), aggregates them compactly (``state``) and runs one module per signal.
"""
