"""Reading a received message's header fields."""

from __future__ import annotations

import pytest

from dondoc.engine.letters import Letter


@pytest.mark.parametrize(
    ("field", "sender"),
    [
        ("Văn phòng <VanPhong@xa.example.vn>", "vanphong@xa.example.vn"),
        ("\x00 vanphong@xa.example.vn", ""),
        ("vanphong@xa.example.vn\x7f", ""),
    ],
)
def test_the_sender_is_an_address_without_control_characters(field: str, sender: str) -> None:
    raw = f"From: {field}\nTo: dondoc@xa.example.vn\nSubject: x\n\nbody\n".encode()
    assert Letter.read(raw).headers.sender == sender
