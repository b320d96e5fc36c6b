"""The statistical tests the signals use, from scipy, with the multiple-testing correction.

Every signal reports the p-value of its test and the number of tests it was corrected for,
so that the integrity officer can see how unlikely the pattern is by chance alone.
"""

from __future__ import annotations

import math
from functools import cache
from statistics import median


@cache
def _st():
    """scipy.stats, imported when a statistical test first runs: the import takes about a second,
    and every process of the site (each command, each web worker) loads this module."""
    from scipy import stats

    return stats


def binom_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    return float(_st().binom.sf(k - 1, n, min(max(p, 0.0), 1.0)))


def poisson_tail(k: int, mu: float) -> float:
    """P(X >= k) for X ~ Poisson(mu)."""
    if k <= 0:
        return 1.0
    return float(_st().poisson.sf(k - 1, max(mu, 1e-9)))


def fisher(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher's exact test of the table [[a, b], [c, d]]."""
    return float(_st().fisher_exact([[a, b], [c, d]], alternative="two-sided").pvalue)


def cmh(tables: list[tuple[int, int, int, int]]) -> tuple[float, float]:
    """(p, statistic) of the Cochran-Mantel-Haenszel test of 2x2 tables [[a, b], [c, d]], one per
    stratum, two-sided, with the continuity correction; p = 1 when there is no variance."""
    observed = expected = variance = 0.0
    for a, b, c, d in tables:
        n = a + b + c + d
        if n < 2:
            continue
        observed += a
        expected += (a + b) * (a + c) / n
        variance += (a + b) * (c + d) * (a + c) * (b + d) / (n * n * (n - 1))
    if variance <= 0:
        return 1.0, 0.0
    statistic = max(abs(observed - expected) - 0.5, 0.0) ** 2 / variance
    return float(_st().chi2.sf(statistic, 1)), round(statistic, 2)


def robust_z(value: float, peers: list[float], min_spread: float) -> tuple[float, float, float]:
    """(z, median, spread): distance from the peers' median in units of 1.4826 x MAD (floored)."""
    if not peers:
        return 0.0, value, min_spread
    med = median(peers)
    mad = median(abs(x - med) for x in peers) * 1.4826
    spread = max(mad, min_spread)
    return (value - med) / spread, med, spread


def score(p: float) -> float:
    """-log10(p), the score of a test-based signal (higher is less likely by chance)."""
    return round(-math.log10(max(p, 1e-300)), 2)


def percentile(values: list[int], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(q * len(ordered)))])
