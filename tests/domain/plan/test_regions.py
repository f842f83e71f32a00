"""The 89 regions, their codes and federal districts."""

from __future__ import annotations

from collections import Counter

import pytest

from domain.errors import DomainError
from domain.plan.regions import REGIONS, FederalDistrict, get_region, parse_federal_district, regions_in

DISTRICT_SIZES = {
    FederalDistrict.CENTRAL: 18,
    FederalDistrict.NORTHWESTERN: 11,
    FederalDistrict.SOUTHERN: 12,
    FederalDistrict.NORTH_CAUCASIAN: 7,
    FederalDistrict.VOLGA: 14,
    FederalDistrict.URAL: 6,
    FederalDistrict.SIBERIAN: 10,
    FederalDistrict.FAR_EASTERN: 11,
}


def test_there_are_89_regions_with_unique_two_digit_codes() -> None:
    codes = [r.code for r in REGIONS]
    assert len(codes) == len(set(codes)) == 89
    assert all(len(c) == 2 and c.isdigit() for c in codes)
    assert len({r.name for r in REGIONS}) == 89


def test_eight_federal_districts_with_their_regions() -> None:
    assert Counter(r.federal_district for r in REGIONS) == DISTRICT_SIZES


@pytest.mark.parametrize(
    ("code", "name", "district"),
    [
        ("77", "Москва", FederalDistrict.CENTRAL),
        ("78", "Санкт-Петербург", FederalDistrict.NORTHWESTERN),
        ("05", "Республика Дагестан", FederalDistrict.NORTH_CAUCASIAN),
        ("03", "Республика Бурятия", FederalDistrict.FAR_EASTERN),
        ("91", "Республика Крым", FederalDistrict.SOUTHERN),
        ("92", "Севастополь", FederalDistrict.SOUTHERN),
        ("93", "Донецкая Народная Республика", FederalDistrict.SOUTHERN),
        ("86", "Ханты-Мансийский автономный округ — Югра", FederalDistrict.URAL),
    ],
)
def test_known_regions(code: str, name: str, district: FederalDistrict) -> None:
    region = get_region(code)
    assert (region.name, region.federal_district) == (name, district)


def test_one_digit_code_reads_with_a_leading_zero() -> None:
    assert get_region("5").code == "05"


@pytest.mark.parametrize("code", ["00", "80", "99", "777", "Москва", ""])
def test_unknown_region_is_an_error(code: str) -> None:
    with pytest.raises(DomainError, match="неизвестный субъект"):
        get_region(code)


@pytest.mark.parametrize("text", ["central", "Центральный", "центральный федеральный округ", "ЦФО"])
def test_district_by_code_name_or_abbreviation(text: str) -> None:
    assert parse_federal_district(text) is FederalDistrict.CENTRAL


def test_unknown_district_is_an_error() -> None:
    with pytest.raises(DomainError, match="неизвестный федеральный округ"):
        parse_federal_district("Лунный")


def test_regions_in_a_district() -> None:
    assert [r.code for r in regions_in(FederalDistrict.URAL)] == ["45", "66", "72", "74", "86", "89"]
