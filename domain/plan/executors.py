"""The responsible executors the plan names, with the short names used as participants."""

from __future__ import annotations

from domain.plan.types import Executor, ExecutorKind

REGIONAL_AUTHORITIES = Executor(
    kind=ExecutorKind.REGIONAL_AUTHORITIES,
    short_name="высшие исполнительные органы субъектов РФ",
    name="высшие исполнительные органы субъектов Российской Федерации",
)
MINPROSVESHCHENIYA = Executor(
    kind=ExecutorKind.FEDERAL_BODY, short_name="Минпросвещения России", name="Минпросвещения России"
)
MINTRUD = Executor(kind=ExecutorKind.FEDERAL_BODY, short_name="Минтруд России", name="Минтруд России")
FNCRI = Executor(
    kind=ExecutorKind.FEDERAL_ORGANIZATION,
    short_name="ФГБУ ФНЦРИ им. Г.А. Альбрехта",
    name='федеральное государственное бюджетное учреждение "Федеральный научный центр реабилитации '
    'инвалидов им. Г.А. Альбрехта"',
)
SPBIRV = Executor(
    kind=ExecutorKind.FEDERAL_ORGANIZATION,
    short_name="АНО ДПО СПбИРВ",
    name="автономная некоммерческая организация дополнительного профессионального образования "
    '"Санкт-Петербургский институт раннего вмешательства"',
)
FB_MSE = Executor(
    kind=ExecutorKind.FEDERAL_ORGANIZATION,
    short_name="ФГБУ ФБ МСЭ Минтруда России",
    name='федеральное государственное бюджетное учреждение "Федеральное бюро медико-социальной экспертизы" '
    "Минтруда России",
)
CHILDREN_FUND = Executor(
    kind=ExecutorKind.FEDERAL_ORGANIZATION,
    short_name="Фонд поддержки детей",
    name="фонд поддержки детей, находящихся в трудной жизненной ситуации",
)
NASH_SOLNECHNY_MIR = Executor(
    kind=ExecutorKind.FEDERAL_ORGANIZATION,
    short_name="АНО Наш Солнечный Мир",
    name='автономная некоммерческая организация "Центр реабилитации инвалидов детства "Наш Солнечный Мир"',
)
# Groups below act inside regions or have no single addressee: the region's obligation covers them.
REGIONAL_RESOURCE_CENTRES = Executor(
    kind=ExecutorKind.GROUP,
    short_name="региональные РМЦ",
    name="региональные ресурсно-методические центры по ранней помощи",
)
UNIVERSITIES = Executor(
    kind=ExecutorKind.GROUP,
    short_name="вузы в субъектах РФ",
    name="высшие учебные заведения в субъектах Российской Федерации",
)
PUBLIC_ORGANIZATIONS = Executor(
    kind=ExecutorKind.GROUP,
    short_name="общественные и НКО",
    name="общественные и некоммерческие организации",
)
MEDIA = Executor(
    kind=ExecutorKind.GROUP,
    short_name="федеральные и региональные СМИ",
    name="федеральные и региональные средства массовой информации",
)

EXECUTORS: tuple[Executor, ...] = (
    REGIONAL_AUTHORITIES,
    MINPROSVESHCHENIYA,
    MINTRUD,
    FNCRI,
    SPBIRV,
    FB_MSE,
    CHILDREN_FUND,
    NASH_SOLNECHNY_MIR,
    REGIONAL_RESOURCE_CENTRES,
    UNIVERSITIES,
    PUBLIC_ORGANIZATIONS,
    MEDIA,
)
