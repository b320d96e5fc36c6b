"""The statistical tests the signals use, from scipy, with the multiple-testing correction.

Every signal reports the p-value of its test and the number of tests it was corrected for,
so that the integrity officer can see how unlikely the pattern is by chance alone.
"""

from __future__ import annotations

import math
from statistics import median

from scipy import stats as _st


def binom_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    return float(_st.binom.sf(k - 1, n, min(max(p, 0.0), 1.0)))


def poisson_tail(k: int, mu: float) -> float:
    """P(X >= k) for X ~ Poisson(mu)."""
    if k <= 0:
        return 1.0
    return float(_st.poisson.sf(k - 1, max(mu, 1e-9)))


def fisher(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher's exact test of the table [[a, b], [c, d]]."""
    return float(_st.fisher_exact([[a, b], [c, d]], alternative="two-sided").pvalue)


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
