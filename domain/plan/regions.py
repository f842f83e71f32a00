"""The 89 subjects of the Russian Federation (regions) with their two-digit codes and federal districts.

Codes: the two-digit subject codes of the Federal Tax Service directory (the first two digits of a
tax-office code, ИНН and КПП), the numbering most registries of regional bodies use. For 01–79, 83, 86,
87 and 89 they coincide with the traffic-police (vehicle plate) codes; Республика Крым is 91 and
Севастополь 92; the regions admitted in 2022 are 90 Запорожская область, 93 Донецкая Народная Республика,
94 Луганская Народная Республика, 95 Херсонская область.
Names: as listed in article 65 of the Constitution. Federal districts: per the Presidential decrees
on federal districts, with Buryatia and Zabaykalsky Krai in the Far Eastern district (2018) and the
regions admitted in 2022 in the Southern district (2023).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.errors import DomainError


class FederalDistrict(StrEnum):
    """The eight federal districts (федеральные округа)."""

    CENTRAL = "central"
    NORTHWESTERN = "northwestern"
    SOUTHERN = "southern"
    NORTH_CAUCASIAN = "north_caucasian"
    VOLGA = "volga"
    URAL = "ural"
    SIBERIAN = "siberian"
    FAR_EASTERN = "far_eastern"

    @property
    def name_ru(self) -> str:
        """The district's Russian name."""
        return FEDERAL_DISTRICT_NAMES_RU[self]


FEDERAL_DISTRICT_NAMES_RU: dict[FederalDistrict, str] = {
    FederalDistrict.CENTRAL: "Центральный федеральный округ",
    FederalDistrict.NORTHWESTERN: "Северо-Западный федеральный округ",
    FederalDistrict.SOUTHERN: "Южный федеральный округ",
    FederalDistrict.NORTH_CAUCASIAN: "Северо-Кавказский федеральный округ",
    FederalDistrict.VOLGA: "Приволжский федеральный округ",
    FederalDistrict.URAL: "Уральский федеральный округ",
    FederalDistrict.SIBERIAN: "Сибирский федеральный округ",
    FederalDistrict.FAR_EASTERN: "Дальневосточный федеральный округ",
}


_ABBREVIATIONS: dict[FederalDistrict, str] = {
    FederalDistrict.CENTRAL: "цфо",
    FederalDistrict.NORTHWESTERN: "сзфо",
    FederalDistrict.SOUTHERN: "юфо",
    FederalDistrict.NORTH_CAUCASIAN: "скфо",
    FederalDistrict.VOLGA: "пфо",
    FederalDistrict.URAL: "уфо",
    FederalDistrict.SIBERIAN: "сфо",
    FederalDistrict.FAR_EASTERN: "дфо",
}


class Region(BaseModel):
    """A subject of the Russian Federation (субъект РФ)."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    federal_district: FederalDistrict


_C, _NW, _S, _NC = (FederalDistrict.CENTRAL, FederalDistrict.NORTHWESTERN, FederalDistrict.SOUTHERN,
                    FederalDistrict.NORTH_CAUCASIAN)  # fmt: skip
_V, _U, _SB, _FE = (FederalDistrict.VOLGA, FederalDistrict.URAL, FederalDistrict.SIBERIAN,
                    FederalDistrict.FAR_EASTERN)  # fmt: skip

_TABLE: tuple[tuple[str, str, FederalDistrict], ...] = (
    ("01", "Республика Адыгея (Адыгея)", _S),
    ("02", "Республика Башкортостан", _V),
    ("03", "Республика Бурятия", _FE),
    ("04", "Республика Алтай", _SB),
    ("05", "Республика Дагестан", _NC),
    ("06", "Республика Ингушетия", _NC),
    ("07", "Кабардино-Балкарская Республика", _NC),
    ("08", "Республика Калмыкия", _S),
    ("09", "Карачаево-Черкесская Республика", _NC),
    ("10", "Республика Карелия", _NW),
    ("11", "Республика Коми", _NW),
    ("12", "Республика Марий Эл", _V),
    ("13", "Республика Мордовия", _V),
    ("14", "Республика Саха (Якутия)", _FE),
    ("15", "Республика Северная Осетия — Алания", _NC),
    ("16", "Республика Татарстан (Татарстан)", _V),
    ("17", "Республика Тыва", _SB),
    ("18", "Удмуртская Республика", _V),
    ("19", "Республика Хакасия", _SB),
    ("20", "Чеченская Республика", _NC),
    ("21", "Чувашская Республика — Чувашия", _V),
    ("22", "Алтайский край", _SB),
    ("23", "Краснодарский край", _S),
    ("24", "Красноярский край", _SB),
    ("25", "Приморский край", _FE),
    ("26", "Ставропольский край", _NC),
    ("27", "Хабаровский край", _FE),
    ("28", "Амурская область", _FE),
    ("29", "Архангельская область", _NW),
    ("30", "Астраханская область", _S),
    ("31", "Белгородская область", _C),
    ("32", "Брянская область", _C),
    ("33", "Владимирская область", _C),
    ("34", "Волгоградская область", _S),
    ("35", "Вологодская область", _NW),
    ("36", "Воронежская область", _C),
    ("37", "Ивановская область", _C),
    ("38", "Иркутская область", _SB),
    ("39", "Калининградская область", _NW),
    ("40", "Калужская область", _C),
    ("41", "Камчатский край", _FE),
    ("42", "Кемеровская область — Кузбасс", _SB),
    ("43", "Кировская область", _V),
    ("44", "Костромская область", _C),
    ("45", "Курганская область", _U),
    ("46", "Курская область", _C),
    ("47", "Ленинградская область", _NW),
    ("48", "Липецкая область", _C),
    ("49", "Магаданская область", _FE),
    ("50", "Московская область", _C),
    ("51", "Мурманская область", _NW),
    ("52", "Нижегородская область", _V),
    ("53", "Новгородская область", _NW),
    ("54", "Новосибирская область", _SB),
    ("55", "Омская область", _SB),
    ("56", "Оренбургская область", _V),
    ("57", "Орловская область", _C),
    ("58", "Пензенская область", _V),
    ("59", "Пермский край", _V),
    ("60", "Псковская область", _NW),
    ("61", "Ростовская область", _S),
    ("62", "Рязанская область", _C),
    ("63", "Самарская область", _V),
    ("64", "Саратовская область", _V),
    ("65", "Сахалинская область", _FE),
    ("66", "Свердловская область", _U),
    ("67", "Смоленская область", _C),
    ("68", "Тамбовская область", _C),
    ("69", "Тверская область", _C),
    ("70", "Томская область", _SB),
    ("71", "Тульская область", _C),
    ("72", "Тюменская область", _U),
    ("73", "Ульяновская область", _V),
    ("74", "Челябинская область", _U),
    ("75", "Забайкальский край", _FE),
    ("76", "Ярославская область", _C),
    ("77", "Москва", _C),
    ("78", "Санкт-Петербург", _NW),
    ("79", "Еврейская автономная область", _FE),
    ("83", "Ненецкий автономный округ", _NW),
    ("86", "Ханты-Мансийский автономный округ — Югра", _U),
    ("87", "Чукотский автономный округ", _FE),
    ("89", "Ямало-Ненецкий автономный округ", _U),
    ("90", "Запорожская область", _S),
    ("91", "Республика Крым", _S),
    ("92", "Севастополь", _S),
    ("93", "Донецкая Народная Республика", _S),
    ("94", "Луганская Народная Республика", _S),
    ("95", "Херсонская область", _S),
)

REGIONS: tuple[Region, ...] = tuple(Region(code=c, name=n, federal_district=d) for c, n, d in _TABLE)
REGION_CODES: tuple[str, ...] = tuple(r.code for r in REGIONS)
_BY_CODE: dict[str, Region] = {r.code: r for r in REGIONS}


def is_region_code(text: str) -> bool:
    """Whether `text` is the code of one of the 89 regions."""
    return text in _BY_CODE


def get_region(code: str) -> Region:
    """The region with this two-digit code; a one-digit code is read with a leading zero."""
    key = code.strip()
    if key.isdigit() and len(key) == 1:
        key = "0" + key
    try:
        return _BY_CODE[key]
    except KeyError:
        raise DomainError(
            f"неизвестный субъект «{code}»: ожидается двузначный код субъекта РФ", "unknown_region"
        ) from None


def parse_federal_district(text: str) -> FederalDistrict:
    """Read a district by code (`central`), Russian name (`Центральный`) or abbreviation (`ЦФО`)."""
    key = " ".join(text.split()).casefold()
    for district in FederalDistrict:
        full = district.name_ru.casefold()
        names = (district.value, full, full.removesuffix(" федеральный округ"), _ABBREVIATIONS[district])
        if key in names:
            return district
    raise DomainError(f"неизвестный федеральный округ «{text}»", "unknown_district")


def regions_in(district: FederalDistrict) -> tuple[Region, ...]:
    """The regions of one federal district, by code."""
    return tuple(r for r in REGIONS if r.federal_district is district)
