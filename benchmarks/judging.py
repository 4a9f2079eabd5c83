"""Judging 10,000 register settings against a 6,000-provider Ofsted snapshot.

Vectorised (`judge_settings`: one `pandas.merge`) against the baseline measured in the same run:
a naive loop with one `.loc` look-up per setting. The snapshot is made of real providers from the
31 March 2024 file, sampled with replacement under fresh URNs of both forms; nine settings in ten
name a provider of it (some in lower case or with spaces, as forms give them), one in ten does not.
Both ways must find the same: the script checks before it reports.

Run: python -m benchmarks.judging [N]
"""

from __future__ import annotations

import random
import sys

import pandas as pd

from benchmarks.regulator_load import best_of
from fixtures import OFSTED_SNAPSHOT
from validators.ofsted import load_ofsted_snapshot
from validators.regulator_judging import judge_settings

PROVIDERS = 6_000
SETTINGS = 10_000
TARGET_SECONDS = 1.0


def snapshot_of(size: int, rng: random.Random) -> pd.DataFrame:
    """`size` real providers, sampled with replacement, each under a fresh URN."""
    real = load_ofsted_snapshot(OFSTED_SNAPSHOT.read_bytes()).providers
    sampled = real.iloc[[rng.randrange(len(real)) for _ in range(size)]].copy()
    numbers = rng.sample(range(1_000_000), size)
    # SC and 6 digits, or 7 digits starting 1 or 2, in turn; distinct numbers keep them unique
    urns = [f"SC{n:06d}" if at % 2 else f"{1 + at // 2 % 2}{n:06d}" for at, n in enumerate(numbers)]
    sampled["urn"] = urns
    return sampled.set_index(pd.Index(urns, name=None))


def settings_for(snapshot: pd.DataFrame, size: int, rng: random.Random) -> pd.DataFrame:
    """`size` settings: nine in ten name a provider of the snapshot, one in ten an unknown URN."""
    known = list(snapshot.index)
    urns = []
    for _ in range(size):
        if rng.random() < 0.1:
            urns.append(f"SC{rng.randrange(1_000_000, 1_100_000)}")  # 7 digits after SC: unknown
        else:
            urn = rng.choice(known)
            urns.append(f" {urn.lower()}" if rng.random() < 0.1 else urn)
    lots = [rng.choice(("1a", "1c", "1d", "3", "4")) for _ in range(size)]
    return pd.DataFrame({"urn": urns, "lot": lots})


def one_by_one(settings: pd.DataFrame, providers: pd.DataFrame) -> pd.DataFrame:
    """The naive way: a `.loc` look-up per setting."""
    rows = []
    for urn in settings["urn"]:
        key = "".join(urn.split()).upper()
        if key in providers.index:
            row = providers.loc[key]
            rows.append(
                {
                    "found": True,
                    "provision_type": row["provision_type"],
                    "registration_status": row["registration_status"],
                    "grade": row["overall_judgement"],
                    "inspected": row["latest_full_inspection_date"],
                    "organisation": row["organisation"],
                }
            )
        else:
            rows.append({"found": False})
    return pd.DataFrame(rows, index=settings.index)


def main(repeats: int) -> None:
    rng = random.Random(2024)
    providers = snapshot_of(PROVIDERS, rng)
    settings = settings_for(providers, SETTINGS, rng)

    vectorised = judge_settings(settings, providers)
    naive = one_by_one(settings, providers)
    assert vectorised["found"].tolist() == naive["found"].tolist()
    assert vectorised["grade"].fillna(0).tolist() == naive["grade"].fillna(0).astype(int).tolist()

    fast = best_of(repeats, lambda: judge_settings(settings, providers))
    slow = best_of(max(1, repeats // 2), lambda: one_by_one(settings, providers))
    found = int(vectorised["found"].sum())
    print(f"{SETTINGS:,} settings against {PROVIDERS:,} providers ({found:,} found)")
    print(f"  vectorised (merge)    {fast:7.3f} s  ({SETTINGS / fast:>12,.0f} settings/s)")
    print(f"  naive .loc per row    {slow:7.3f} s  ({SETTINGS / slow:>12,.0f} settings/s)")
    print(f"  speed-up              {slow / fast:7.0f}x")
    verdict = "met" if fast < TARGET_SECONDS else "MISSED"
    print(f"  target: vectorised under {TARGET_SECONDS:.0f} s: {verdict}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
