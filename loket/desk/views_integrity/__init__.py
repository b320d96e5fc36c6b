"""The integrity officer's pages (/desk/integrity/): the register of personnel measures,
the redacted export for oversight and the dashboard."""
