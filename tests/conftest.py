"""Shared fixtures: the sample campaign and a scratch output folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "campaigns" / "lao-cai-2023.yaml"
# A copy of ../shared/seeds/000_6a8d03d26de57ab1.txt, the real 2023 dispatch, so that a clone
# without shared/ beside it still runs the fidelity test.
SEED = ROOT / "tests" / "data" / "seed-lao-cai-2023.txt"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def sample_campaign():
    from app.loader import load_campaign

    return load_campaign(SAMPLE)
