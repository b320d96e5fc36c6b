"""The thresholds of every signal, each documented, overridable in ``settings.INTEGRITY_SIGNALS``.

A signal only fires when its statistical test is significant after correcting for the number
of tests made (Bonferroni), *and* the effect is large enough to be worth someone's time; both
limits are here so that an integrity officer can see and tune them.
"""

from __future__ import annotations

DEFAULTS: dict[str, dict] = {
    # Reads of cases not theirs (not assigned to them, not of their team), against team peers.
    "ACC-01": {
        "min_cases": 20,  # distinct foreign cases read in the period before it can fire
        "robust_z": 3.0,  # robust z of log(1+count): team peers' median, service-wide 1.4826*MAD
        "min_spread": 0.25,  # floor on the team's spread in log units (small teams, equal peers)
        "alpha": 0.01,  # family-wise: Poisson tail vs the team median, Bonferroni over officers
    },
    # One representative's / phone's / e-mail's / IBAN's cases concentrated on one officer.
    "ASG-01": {
        "min_cases": 4,  # cases of the subject with that officer
        "alpha": 0.01,  # family-wise: binomial tail, Bonferroni over (subject, officer) pairs tested
    },
    # Share of granted decisions against the rest of the team: per kind of case, and over all kinds.
    "OUT-01": {
        "min_decisions": 30,  # decisions by the officer (of that kind, or in all) before it is tested
        "min_team_decisions": 30,  # decisions by the rest of the team (of that kind, or in those kinds)
        "min_difference": 0.15,  # absolute difference of the grant shares (in all: against the expected)
        # family-wise, split in two halves: Fisher's exact test per kind (Bonferroni over (officer,
        # kind) tested) and the Cochran-Mantel-Haenszel test over the kinds (Bonferroni over officers)
        "alpha": 0.01,
    },
    # Second readers who approve within seconds, again and again; pairs who approve each other.
    "FOUR-02": {
        "fast_seconds": 30,  # an approval this soon after it was asked is "within seconds"
        "min_fast": 10,  # fast approvals before it can fire
        "min_fast_share": 0.25,  # share of the reader's approvals that were fast
        "pair_min": 10,  # approvals of one author by one reader, each way
        "pair_share": 0.8,  # share of an author's approvals given by that one reader, each way
        "alpha": 0.01,  # family-wise: binomial tails, Bonferroni over readers / pairs
    },
    # Bulk reads outside working hours.
    "HRS-01": {
        "day_start": 7,  # working hours, local time of the entry (its own UTC offset)
        "day_end": 19,
        "weekend": True,  # Saturday and Sunday count as outside working hours
        "min_reads": 40,  # reads in one off-hours session (19:00 to 07:00 next morning)
        "factor": 3.0,  # ... and this many times the officer's own 90th-percentile day
    },
    # Signed by someone other than the recorded signatory, or by an absent signatory.
    "SIG-01": {},
    # One phone / e-mail / IBAN across many unrelated clients.
    "CON-01": {
        "min_clients": 6,  # unrelated clients (clients with one representative count once)
    },
}

SIGNAL_IDS = tuple(DEFAULTS)


def thresholds(overrides: dict | None = None) -> dict[str, dict]:
    """The defaults with ``overrides`` (from settings or a test) laid over them, per signal."""
    merged = {sid: dict(values) for sid, values in DEFAULTS.items()}
    for sid, values in (overrides or {}).items():
        if sid not in merged:
            raise ValueError(f"unknown signal {sid!r} in INTEGRITY_SIGNALS")
        unknown = set(values) - set(merged[sid])
        if unknown:
            raise ValueError(f"unknown threshold(s) {sorted(unknown)} for {sid}")
        merged[sid].update(values)
    return merged


def from_settings() -> dict[str, dict]:
    from django.conf import settings

    return thresholds(getattr(settings, "INTEGRITY_SIGNALS", None))
