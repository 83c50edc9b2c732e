"""Quota apportionment: the parts always add up to the province total, explicit quotas are kept."""

from __future__ import annotations

import random

import pytest

from app.campaign import Campaign
from app.quotas import ApportionError, QuotaError, apportion, campaign_quotas


def test_parts_add_up_exactly_over_many_random_cases():
    rng = random.Random(20230210)
    for _ in range(3000):
        count = rng.randint(1, 40)
        names = [f"u{i}" for i in range(count)]
        total = rng.choice([0, 1, rng.randint(0, 50), rng.randint(0, 100_000)])
        weights = {n: rng.choice([rng.uniform(0.01, 1000), rng.randint(1, 500)]) for n in names} \
            if rng.random() < 0.7 else {}
        explicit: dict[str, int] = {}
        budget = total
        for name in rng.sample(names, rng.randint(0, count - 1)):
            quota = rng.randint(0, budget // 3) if budget else 0
            explicit[name] = quota
            budget -= quota
        result = apportion(total, names, weights, explicit)
        assert sum(result.values()) == total
        assert list(result) == names
        assert all(isinstance(v, int) and v >= 0 for v in result.values())
        for name, quota in explicit.items():
            assert result[name] == quota
        # Largest remainder never moves a unit more than one away from its exact share.
        free = [n for n in names if n not in explicit]
        rest = total - sum(explicit.values())
        weight_sum = sum(weights[n] for n in free) if weights else len(free)
        for name in free:
            share = rest * (weights[name] if weights else 1) / weight_sum
            assert share - 1 < result[name] < share + 1


def test_equal_split_gives_the_remainder_to_the_first_units():
    assert apportion(10, ["a", "b", "c"]) == {"a": 4, "b": 3, "c": 3}


def test_weighted_split_follows_largest_remainders():
    # exact shares 1.5, 3.0, 5.5 → floors 1, 3, 5 (sum 9); the tie .5/.5 goes to the first unit
    assert apportion(10, ["a", "b", "c"], {"a": 3, "b": 6, "c": 11}) == {"a": 2, "b": 3, "c": 5}


def test_explicit_quotas_are_kept_and_the_rest_is_split():
    assert apportion(100, ["a", "b", "c"], {}, {"a": 40}) == {"a": 40, "b": 30, "c": 30}


def test_explicit_quotas_exceeding_the_total_are_refused():
    with pytest.raises(ApportionError, match="vượt tổng 100"):
        apportion(100, ["a", "b"], {}, {"a": 60, "b": 50})


def test_all_units_fixed_but_short_of_the_total_is_refused():
    with pytest.raises(ApportionError, match="chưa đủ tổng"):
        apportion(100, ["a", "b"], {}, {"a": 10, "b": 20})


def test_partial_weights_are_refused_naming_the_unit():
    with pytest.raises(ApportionError, match="thiếu trọng số.*b"):
        apportion(100, ["a", "b"], {"a": 5})


@pytest.mark.parametrize("total", [-1, 2.5, True])
def test_bad_total_is_refused(total):
    with pytest.raises(ApportionError):
        apportion(total, ["a"])


def test_sample_campaign_quotas_add_up_to_each_province_total(sample_campaign):
    quotas = campaign_quotas(sample_campaign)
    assert set(quotas) == {"qua-tet", "kham-benh", "mau"}
    for metric_quotas in quotas.values():
        assert sum(metric_quotas.quotas.values()) == metric_quotas.metric.value
        assert len(metric_quotas.quotas) == 9
    # the city has the largest weight (130) and so the largest share of blood units
    mau = quotas["mau"].quotas
    assert max(mau, key=mau.get) == "Hội Chữ thập đỏ thành phố Lào Cai"


def test_explicit_quota_over_the_total_names_the_target(sample_campaign):
    data = sample_campaign.model_dump()
    data["units"][0]["quotas"] = {"qua-tet": 15000}
    data["units"][1]["quotas"] = {"qua-tet": 6000}
    campaign = Campaign.model_validate(data)
    with pytest.raises(QuotaError) as info:
        campaign_quotas(campaign)
    assert str(info.value).startswith("targets[2].metrics[0]: chỉ tiêu giao cố định (")
    assert "vượt tổng 20.000" in str(info.value)


def test_explicit_quota_is_honoured_in_the_campaign(sample_campaign):
    data = sample_campaign.model_dump()
    data["units"][2]["quotas"] = {"mau": 1000}
    quotas = campaign_quotas(Campaign.model_validate(data))["mau"].quotas
    assert quotas["Hội Chữ thập đỏ huyện Bát Xát"] == 1000
    assert sum(quotas.values()) == 7500
