"""Reading a received message (``letters``, ``mime``): its text in any transfer encoding,
charset and shape, within bounds, and its attachments."""

from __future__ import annotations

import quopri
import unicodedata
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from dondoc.engine.errors import TooLong
from dondoc.engine.letters import Letter

# ---------------------------------------------------------------- message text

VI = "IV.1.1: hoàn thành - đã ban hành Quyết định\nIV.5: vướng mắc - chưa bố trí được kinh phí"


def roundtrip(message: EmailMessage | MIMEMultipart | MIMEText) -> bytes:
    return message.as_bytes()


def raw(headers: str, body: bytes) -> bytes:
    return headers.encode() + b"\r\n\r\n" + body


def message_text(message: bytes) -> str:
    return Letter.read(message).text(5_000)


def to_cp1258(text: str) -> bytes:
    # cp1258 has the vowels with circumflex, breve and horn, but the tones only as combining marks
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base, marks = decomposed[0], decomposed[1:]
            tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            shape = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
            out += (shape + "".join(tones)).encode("cp1258")
    return out


def test_cp1258_really_decodes_to_decomposed_text() -> None:
    decoded = to_cp1258(VI).decode("cp1258")
    assert decoded != VI
    assert unicodedata.normalize("NFC", decoded) == VI


@pytest.mark.parametrize("cte", ["quoted-printable", "base64", "8bit"])
def test_plain_text_in_any_transfer_encoding(cte: str) -> None:
    message = EmailMessage()
    message.set_content(VI, cte=cte)
    assert message_text(roundtrip(message)) == VI + "\n"


def test_multipart_alternative_prefers_plain() -> None:
    message = EmailMessage()
    message.set_content(VI)
    message.add_alternative("<p>IV.1.1: <b>xong</b></p>", subtype="html")
    assert message_text(roundtrip(message)).strip() == VI


def test_windows_1258_is_decoded_and_nfc_normalised() -> None:
    message = raw("Content-Type: text/plain; charset=windows-1258\r\nContent-Transfer-Encoding: 8bit", to_cp1258(VI))
    assert message_text(message) == VI
    headers = "Content-Type: text/plain; charset=windows-1258\r\nContent-Transfer-Encoding: quoted-printable"
    assert message_text(raw(headers, quopri.encodestring(to_cp1258(VI)))) == VI


@pytest.mark.parametrize(
    ("charset", "encoded"),
    [
        ("iso-8859-1", "Café: 60%".encode("iso-8859-1")),
        ("us-ascii", b"IV.1.1 xong"),
        ("utf-8", "Tiến độ: 60%".encode()),
    ],
)
def test_declared_charsets(charset: str, encoded: bytes) -> None:
    message = raw(f"Content-Type: text/plain; charset={charset}", encoded)
    assert message_text(message) == encoded.decode(charset)


@pytest.mark.parametrize("charset", ["x-bogus", "us-ascii", "iso-2022-xx"])
def test_a_wrong_or_unknown_charset_falls_back_to_utf8(charset: str) -> None:
    message = raw(f"Content-Type: text/plain; charset={charset}", VI.encode() + b"\xff")
    assert message_text(message) == VI + "\ufffd"


def test_format_flowed_lines_are_joined() -> None:
    body = "IV.6: xin gia h\u1ea1n \u0111\u1ebfn 30/6/2026 - ch\u1edd h\u01b0\u1edbng d\u1eabn \r\n c\u1ee7a th\u00e0nh ph\u1ed1\r\n-- \r\nA\r\n"
    message = raw("Content-Type: text/plain; charset=utf-8; format=flowed", body.encode())
    assert message_text(message) == "IV.6: xin gia hạn đến 30/6/2026 - chờ hướng dẫn của thành phố\n-- \nA\n"
    delsp = raw("Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes", b"IV.1.1 ho \r\nan thanh\r\n")
    assert message_text(delsp) == "IV.1.1 hoan thanh\n"
    fixed = raw("Content-Type: text/plain; charset=utf-8", b"IV.1.1 xong \r\nIV.2.3 60%\r\n")
    assert message_text(fixed) == "IV.1.1 xong \nIV.2.3 60%\n"


def test_crlf_line_endings_become_newlines() -> None:
    message = raw("Content-Type: text/plain; charset=utf-8", b"IV.1.1 xong\r\nIV.2.3 60%\r\n")
    assert message_text(message) == "IV.1.1 xong\nIV.2.3 60%\n"


GMAIL_HTML = """<div dir="ltr"><div>IV.1.1: ho&agrave;n th&agrave;nh</div><div>IV.2.3: 60&nbsp;%<br>Ghi ch&uacute;: &lt;kh&ocirc;ng&gt;</div>
<p>Trân trọng</p></div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">Vào Th 2,
16 thg 3, 2026 lúc 07:30 BCĐ &lt;b@x.vn&gt; đã viết:<br></div><blockquote class="gmail_quote">IV.6 xong</blockquote></div>"""


def test_html_only_gmail_reply() -> None:
    message = EmailMessage()
    message.set_content(GMAIL_HTML, subtype="html")
    text = message_text(roundtrip(message))
    assert text == "IV.1.1: hoàn thành\nIV.2.3: 60 %\nGhi chú: <không>\nTrân trọng"


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><style>p {color: red}</style></head><body><p>IV.1.1 xong</p><blockquote type='cite'>IV.6 xong</blockquote></body></html>",
        "<div>IV.1.1 xong</div><div id='appendonsend'></div><hr><div id='divRplyFwdMsg'><b>From:</b> BCĐ</div><div>IV.6 xong</div>",
        "<table><tr><td>IV.1.1 xong</td></tr></table><div id='divRplyFwdMsg'>From: x</div>IV.6 xong",
        "<ul><li>IV.1.1 xong</li></ul><blockquote><blockquote>IV.6</blockquote>IV.5</blockquote>",
    ],
)
def test_html_quotes_are_dropped(html: str) -> None:
    message = raw("Content-Type: text/html; charset=utf-8", html.encode())
    assert message_text(message) == "IV.1.1 xong"


def test_html_lists_and_breaks_become_lines() -> None:
    message = raw("Content-Type: text/html; charset=utf-8", b"<ul><li>IV.1.1 xong</li><li>IV.2.3  \n 60%</li></ul>")
    assert message_text(message).split("\n") == ["IV.1.1 xong", "IV.2.3 60%"]


def test_multipart_mixed_with_an_attachment() -> None:
    message = EmailMessage()
    message.set_content(VI)
    message.add_attachment(b"PK\x03\x04", maintype="application", subtype="octet-stream", filename="bao-cao.xlsx")
    assert message_text(roundtrip(message)).strip() == VI


def test_an_empty_plain_part_falls_back_to_html() -> None:
    outer = MIMEMultipart("alternative")
    outer.attach(MIMEText("  \n", "plain", "utf-8"))
    outer.attach(MIMEText("<p>IV.1.1 xong</p>", "html", "utf-8"))
    assert message_text(roundtrip(outer)) == "IV.1.1 xong"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (b"", ""),
        (b"Subject: nothing\r\n\r\n", ""),
        (b"Content-Type: multipart/alternative; boundary=zz\r\n\r\n--zz\r\nbroken", "broken"),
        (b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=", ""),
        (b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!", ""),
        (b'Content-Type: text/plain; charset="utf-8\r\n\r\nIV.1.1 xong', "IV.1.1 xong"),
        (b"Content-Type: text/plain; charset*=utf-8''%ZZ\r\n\r\nIV.1.1 xong", "IV.1.1 xong"),
        (
            b"Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nIV=2E1 xong=\r\n=ZZ",
            "IV.1 xong=ZZ",
        ),
    ],
)
def test_malformed_or_textless_messages_do_not_raise(source: bytes, expected: str) -> None:
    assert message_text(source) == expected


# ---------------------------------------------------------------- attachments and bounds


def with_attachments(*parts: tuple[str, str]) -> bytes:
    """A reply with a text part and named parts (Content-Type and Content-Disposition lines)."""
    body = "".join(f"--b\r\n{headers}\r\n\r\nAAAA\r\n" for headers, _ in parts)
    head = 'From: vhxh@xa.example.vn\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
    text = "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nIV.1.1 xong\r\n"
    return (head + text + body + "--b--\r\n").encode()


def test_attachment_names_are_decoded_and_only_documents_are_reports() -> None:
    raw = with_attachments(
        ('Content-Type: application/pdf; name="=?utf-8?B?QsOhbyBjw6FvIHF1w70gSS5wZGY=?="', ""),
        ("Content-Type: application/msword\r\nContent-Disposition: attachment;\r\n filename*=utf-8''B%C3%A1o%20c%C3%A1o.doc", ""),
        ('Content-Type: image/png; name="image001.png"\r\nContent-ID: <image001.png@01D>', ""),
        ('Content-Type: application/pgp-signature; name="signature.asc"', ""),
        ('Content-Type: application/ms-tnef; name="winmail.dat"', ""),
        ('Content-Type: text/calendar; name="hop.ics"', ""),
        ('Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name="Mau bao cao.xlsx"', ""),
    )
    letter = Letter.read(raw)
    assert [(a.name, a.kind) for a in letter.attachments] == [
        ("Báo cáo quý I.pdf", "document"),
        ("Báo cáo.doc", "document"),
        ("image001.png", "other"),
        ("signature.asc", "other"),
        ("winmail.dat", "other"),
        ("hop.ics", "other"),
        ("Mau bao cao.xlsx", "form"),
    ]
    assert letter.text(100) == "IV.1.1 xong"  # the line break before a delimiter is the delimiter's


def test_the_parts_of_an_attached_message_are_not_the_senders() -> None:
    inner = "From: x@y\r\nContent-Type: application/pdf; name=\"inner.pdf\"\r\n\r\nAAAA"
    raw = with_attachments(("Content-Type: message/rfc822", "")).replace(b"\r\n\r\nAAAA", f"\r\n\r\n{inner}".encode(), 1)
    assert Letter.read(raw).attachments == []


def test_a_text_longer_than_the_line_limit_is_not_read() -> None:
    raw = b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + b"IV.1.1 xong\r\n" * 50
    assert Letter.read(raw).text(100).count("\n") == 50
    with pytest.raises(TooLong):
        Letter.read(raw).text(20)
    with pytest.raises(TooLong):  # one endless line counts by its bytes
        Letter.read(b"Content-Type: text/plain\r\n\r\n" + b"x" * 30_000).text(20)


def test_a_message_over_the_size_limit_is_read_no_further_than_its_header() -> None:
    raw = with_attachments(('Content-Type: application/pdf; name="a.pdf"', ""))
    letter = Letter.read(raw, max_bytes=len(raw) - 1)
    assert not letter.whole and letter.root.children == () and letter.headers.sender == "vhxh@xa.example.vn"
    assert Letter.read(raw, max_bytes=len(raw)).whole


@pytest.mark.parametrize(
    ("from_fields", "senders"),
    [
        (["Lan <vanphong@xa.example.vn>"], ["vanphong@xa.example.vn"]),
        (["vanphong@xa.example.vn, attacker@evil.example"], ["vanphong@xa.example.vn", "attacker@evil.example"]),
        (["vanphong@xa.example.vn", "attacker@evil.example"], ["vanphong@xa.example.vn", "attacker@evil.example"]),
        (['"vanphong@xa.example.vn" <attacker@evil.example>'], ["attacker@evil.example"]),
    ],
)
def test_every_address_of_the_from_fields(from_fields: list[str], senders: list[str]) -> None:
    raw = "".join(f"From: {f}\r\n" for f in from_fields) + "Subject: x\r\n\r\nIV.1.1 xong\r\n"
    assert Letter.read(raw.encode()).senders == senders


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
    assert Letter.read(raw).senders == ([sender] if sender else [])
