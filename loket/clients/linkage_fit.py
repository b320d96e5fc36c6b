"""Fitting the linkage model (linkage.py) to the register, without labels: u from random
pairs, m and lambda by expectation–maximisation over the candidate pairs (Splink's
``estimate_u_using_random_sampling`` and ``estimate_parameters_using_expectation_maximisation``),
and the link threshold for a stated precision. Free of database access: the service that
feeds it is ``services/estimation.py``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .linkage import COMPARISONS, FLOOR, GROUPS, LEVELS, NULL, Weights


def estimate_u(vectors: Iterable[tuple[int, ...]]) -> tuple[dict[str, list[float]], int]:
    """u per level from random pairs (Laplace-smoothed: an unseen level is rare, not impossible)."""
    counts = {c: [0] * len(levels) for c, levels in LEVELS.items()}
    n = 0
    for vector in vectors:
        n += 1
        for comparison, level in zip(COMPARISONS, vector, strict=True):
            if level != NULL:
                counts[comparison][level] += 1
    return {comparison: per_group(comparison, [x + 1 for x in row]) for comparison, row in counts.items()}, n


def per_group(comparison: str, row: list[float]) -> list[float]:
    """``row`` made into probabilities within each group of levels (``GROUPS``)."""
    out = list(row)
    for group in GROUPS.get(comparison, (range(len(row)),)):
        total = sum(row[i] for i in group)
        for i in group:
            out[i] = row[i] / total if total else 1 / len(group)
    return out


def estimate_m(
    patterns: Counter,
    u: dict[str, list[float]],
    *,
    start: Weights | None = None,
    max_iterations: int = 100,
    free_u: bool = False,
) -> Weights:
    """m and lambda by expectation–maximisation over the candidate pairs' comparison vectors
    (``patterns``: vector -> how many pairs). u starts from ``u`` and is held fixed, or with
    ``free_u`` learned too: the non-matches among blocked pairs are not random pairs (they
    share a family name, a family phone), and a u fixed at chance would push them into the
    match class. The m learned is what is kept; the final model takes u from random pairs."""
    w = start or Weights.initial()
    w = Weights({k: list(v) for k, v in w.m.items()}, {k: list(v) for k, v in u.items()}, w.prior)
    rows = list(patterns.items())
    total = sum(patterns.values())
    w.pairs = total
    if not total:
        w.notes.append("no candidate pairs: the prior weights are kept")
        return w
    for iteration in range(1, max_iterations + 1):
        expected = {c: [0.0] * len(levels) for c, levels in LEVELS.items()}
        unexpected = {c: [0.0] * len(levels) for c, levels in LEVELS.items()}
        matched = 0.0
        for vector, count in rows:
            probability = w.probability(vector)
            p, q = probability * count, (1 - probability) * count
            matched += p
            for comparison, level in zip(COMPARISONS, vector, strict=True):
                if level != NULL:
                    expected[comparison][level] += p
                    unexpected[comparison][level] += q
        new_m = _normalised(expected, w.m)
        change = max(abs(a - b) for c in COMPARISONS for a, b in zip(new_m[c], w.m[c], strict=True))
        if free_u:
            w.u = _normalised(unexpected, w.u)
        w.m, w.prior, w.iterations = new_m, min(max(matched / total, 1e-6), 1 - 1e-6), iteration
        if change < 1e-5:
            break
    return w


def _normalised(counts: dict[str, list[float]], before: dict[str, list[float]]) -> dict[str, list[float]]:
    out = {}
    for comparison, row in counts.items():
        if not sum(row):
            out[comparison] = before[comparison]
            continue
        out[comparison] = [max(x, FLOOR) for x in per_group(comparison, row)]
        for group in GROUPS.get(comparison, ()):
            if not sum(row[i] for i in group):  # a group never seen: keep what was there
                for i in group:
                    out[comparison][i] = before[comparison][i]
    return out


def choose_thresholds(w: Weights, patterns: Counter, *, precision: float = 0.99) -> Weights:
    """The lowest link probability at which the pairs linked, by the model's own estimate, are
    one person at least ``precision`` of the time (the expected false links are the sum of
    1 - p over the linked pairs); never below ``precision`` for a single pair's average.
    Pairs between ``Weights.review_threshold`` and the link threshold go to an agent. ``patterns``:
    comparison vector, or (vector, name adjustment), -> how many pairs."""
    scored = sorted(((w.probability(*_split(key)), n) for key, n in patterns.items()), reverse=True)
    linked = wrong = 0.0
    threshold = 1.0
    for p, n in scored:
        if p < 0.5:
            break
        if (wrong + (1 - p) * n) / (linked + n) > 1 - precision:
            break
        linked += n
        wrong += (1 - p) * n
        threshold = p
    w.link_threshold = max(min(threshold, 0.999), 0.5)
    w.notes.append(
        f"link from p ≥ {w.link_threshold:.4f}: expected precision of the linked candidate pairs "
        f"{1 - wrong / linked if linked else 1:.4f} (target {precision})"
    )
    return w


def _split(key: tuple) -> tuple[tuple[int, ...], float]:
    return key if key and isinstance(key[0], tuple) else (key, 0.0)
