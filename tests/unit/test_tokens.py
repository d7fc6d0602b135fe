"""Reply tokens: reminders already in people's mailboxes must still verify after an upgrade."""

from __future__ import annotations

from dondoc.engine import tokens

KEY = "digest:plan:unit:2026-03-16"


def test_a_token_is_what_earlier_versions_signed() -> None:
    # Computed with the first implementation (the whole digest in base32, then cut): a change of
    # encoding would turn every reply to an earlier reminder into a "forged token".
    assert tokens.token("s3cret", KEY, "gia-loc", "unit:vp") == "k2ya3ry7uvo4h3wk"


def test_a_token_verifies_only_for_its_plan_audience_and_secret() -> None:
    value = tokens.token("s3cret", KEY, "gia-loc", "unit:vp")
    assert tokens.verify("s3cret", value.upper(), "gia-loc", "unit:vp")  # clients may change case
    assert not tokens.verify("s3cret", value, "gia-loc", "unit:vhxh")
    assert not tokens.verify("s3cret", value, "other-plan", "unit:vp")
    assert not tokens.verify("other", value, "gia-loc", "unit:vp")


def test_found_in_reads_addresses_then_subject_once_each() -> None:
    value = tokens.token("s3cret", KEY, "gia-loc", "unit:vp")
    address = tokens.reply_address("dondoc+old@xa.gov.vn", value)
    assert address == f"dondoc+{value}@xa.gov.vn"
    assert tokens.found_in([address], f"Re: Nhắc việc [#{value.upper()}]") == [value]
