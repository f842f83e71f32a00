"""Any value in place of an answer gives one-line problems naming an item, never a crash."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_form_samples import filled_answers

from domain.report_form.check import validate_answers
from domain.report_form.forms import FORM_2023

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(["да", "нет", "order", "2023-01-01", "1,5", "-3", "2023", "health"]),
)
_values = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(
                st.text(max_size=8),
                st.integers(2020, 2025),
                st.sampled_from(
                    [
                        "answer",
                        "document",
                        "detail",
                        "kind",
                        "number",
                        "date",
                        "issuer",
                        "health",
                        "7.1",
                        "7.3",
                    ]
                ),
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=12,
)
_KEYS = FORM_2023.answer_keys
_ITEM_NAMES = set(_KEYS) | {i.number for i in FORM_2023.items}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(_KEYS), value=_values)
def test_a_wrong_value_anywhere_is_a_one_line_problem(key: str, value: Any) -> None:
    data = filled_answers()
    data["answers"][key] = value
    for problem in validate_answers(data):
        assert "\n" not in str(problem)
        assert problem.item in _ITEM_NAMES
