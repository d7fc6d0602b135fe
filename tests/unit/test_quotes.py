"""Where a reply's new text ends (``quotes.cut``): the quote headers and separators clients write
in the languages units' mail clients ship, in any order and shape, and what only looks like one."""

from __future__ import annotations

import pytest

from dondoc.engine.quotes import cut, fresh_text

NEW = "Kính gửi Ban Chỉ đạo,\n\nIV.1.1: hoàn thành\nIV.2.3: 60% - đã đăng 12 tin bài"
QUOTED = "\nIV.1.2: 40% - đã dự thảo Quy chế\n\n— Vui lòng trả lời phía trên dòng này —\nNhắc việc"
A = "Phòng Văn hóa - Xã hội <vhxh@xa.example.vn>"


@pytest.mark.parametrize(
    "attribution",
    [
        f"Vào Th 2, 16 thg 3, 2026 vào lúc 08:05 {A} đã viết:",
        f"On Mon, Mar 16, 2026 at 8:05 AM {A} wrote:",
        f"Le lun. 16 mars 2026 à 08:05, {A} a écrit :",
        f"Am Mo., 16. März 2026 um 08:05 Uhr schrieb {A}:",
        "El lun, 16 mar 2026 a las 8:05, Phòng VHXH (<vhxh@xa.example.vn>) escribió:",
        f"Il giorno lun 16 mar 2026 alle ore 08:05 {A} ha scritto:",
        f"Em seg., 16 de mar. de 2026 às 08:05, {A} escreveu:",
        f"Op ma 16 mrt 2026 om 08:05 schreef {A}:",
        f"pon., 16 mar 2026 o 08:05 {A} napisał(a):",
        f"Den man. 16. mar. 2026 kl. 08.05 skrev {A}:",
        f"Den mån 16 mars 2026 kl 08:05 skrev {A}:",
        f"man. 16. mar. 2026 kl. 08:05 skrev {A}:",
        f"пн, 16 мар. 2026 г. в 08:05, {A}:",
        f"{A} 于2026年3月16日周一 08:05写道：",
        f"2026年3月16日(月) 8:05 {A}:",
        f"2026년 3월 16일 (월) 오전 8:05, {A}님이 작성:",
        "Am 16.03.26 um 08:05 schrieb Phòng Văn hóa - Xã hội:",
        "Am Montag, 16. März 2026 um 08:05:00 GMT+7 hat Phòng Văn hóa - Xã hội\n<vhxh@xa.example.vn> Folgendes geschrieben:",
        "On Mar 16, 2026, at 08:05, Phòng Văn hóa - Xã hội\n<vhxh@xa.example.vn>\nwrote:",
        "Vào Th 2, 16 thg 3, 2026 vào lúc 08:05 Phòng Văn hóa - Xã\nhội <vhxh@xa.example.vn> đã viết:",
        f"------On 2026-03-16 08:05, {A} wrote-----",
        "Wiadomość napisana przez Phòng VHXH <vhxh@xa.example.vn> w dniu 16.03.2026, o godz. 08:05:",
    ],
)
def test_attributions_in_the_client_languages(attribution: str) -> None:
    assert fresh_text(f"{NEW}\n\n{attribution}\n{QUOTED}") == NEW
    assert fresh_text(f"{NEW}\n{attribution}\n> IV.1.2: 40%") == NEW  # no blank line above it


@pytest.mark.parametrize(
    "block",
    [
        "From: Phòng VHXH <vhxh@xa.example.vn>\nSent: Monday, March 16, 2026 8:05 AM\nTo: dondoc\nSubject: RE: x",
        "Từ: Phòng VHXH <vhxh@xa.example.vn>\nĐã gửi: Thứ Hai, 16 tháng 3, 2026 8:05 SA\nĐến: dondoc\nChủ đề: TL: x",
        "De : Phòng VHXH\nEnvoyé : lundi 16 mars 2026 08:05\nÀ : dondoc\nObjet : RE : x",
        "Von: Phòng VHXH\nGesendet: Montag, 16. März 2026 08:05\nAn: dondoc\nBetreff: AW: x",
        "De: Phòng VHXH\nEnviado el: lunes, 16 de marzo de 2026 8:05\nPara: dondoc\nAsunto: RE: x",
        "Da: Phòng VHXH\nInviato: lunedì 16 marzo 2026 08:05\nA: dondoc\nOggetto: R: x",
        "Van: Phòng VHXH\nVerzonden: maandag 16 maart 2026 08:05\nAan: dondoc\nOnderwerp: RE: x",
        "Od: Phòng VHXH\nWysłano: poniedziałek, 16 marca 2026 08:05\nDo: dondoc\nTemat: ODP: x",
        "Fra: Phòng VHXH\nSendt: 16. marts 2026 08:05\nTil: dondoc\nEmne: SV: x",
        "Från: Phòng VHXH\nSkickat: den 16 mars 2026 08:05\nTill: dondoc\nÄmne: SV: x",
        "От: Phòng VHXH\nОтправлено: 16 марта 2026 г. 8:05\nКому: dondoc\nТема: RE: x",
        "发件人: Phòng VHXH\n发送时间: 2026年3月16日 8:05\n收件人: dondoc\n主题: 答复: x",
        "差出人: Phòng VHXH\n送信日時: 2026年3月16日 8:05\n宛先: dondoc\n件名: RE: x",
        "보낸 사람: Phòng VHXH\n보낸 날짜: 2026년 3월 16일 월요일 오전 8:05\n받는 사람: dondoc\n제목: 회신: x",
        "Date: Mon, 16 Mar 2026 08:05:00 +0700\nFrom: Phòng VHXH\nTo: dondoc\nSubject: RE: x",
        "Subject: RE: x\nTo: dondoc\nFrom: Phòng VHXH",
        "*From:* Phòng VHXH\n*Sent:* Monday, March 16, 2026 8:05 AM\n*Subject:* RE: x",
        "| From | Phòng VHXH<vhxh@xa.example.vn> |\n| Date | 03/16/2026 08:05 |\n| To | dondoc |",
        "________________________________\nFrom: Phòng VHXH\nSent: Monday\n",
    ],
)
def test_quoted_header_blocks_in_any_order_and_language(block: str) -> None:
    assert fresh_text(f"{NEW}\n\n{block}\n{QUOTED}") == NEW


@pytest.mark.parametrize(
    "separator",
    [
        "-----Original Message-----",
        "-----Ursprüngliche Nachricht-----",
        "-----Oprindelig meddelelse-----",
        "-------- Thư gốc --------",
        "-------- Oryginalna wiadomość --------",
        "------------------ 原始邮件 ------------------",
        "---- Replied Message ----",
        "----- Mail original -----",
        "---------- Forwarded message ---------",
        "Begin forwarded message:",
    ],
)
def test_separators(separator: str) -> None:
    assert fresh_text(f"{NEW}\n\n{separator}\nIV.1.2: 40%\n{QUOTED}") == NEW


@pytest.mark.parametrize(
    "text",
    [
        "IV.1.1: hoàn thành - công văn gửi anh Tuấn (tuan@xa.example.vn) ngày 16/3:",
        "Từ tháng 3: đơn vị đã triển khai\nĐến nay: đạt 60%",
        "Tiến độ: 60%\nGhi chú: đã gửi báo cáo\nNgày: 16/3/2026",
        "Báo cáo năm 2026 đã viết xong:\nIV.1.1: hoàn thành",
        "On track for June: 60%",
        "IV.1.1 xong - (xem thêm) --- ghi chú ---",
    ],
)
def test_what_only_looks_like_a_quote_stays(text: str) -> None:
    assert fresh_text(text) == text


def test_a_bottom_posted_answer_is_kept_apart_with_its_line_numbers() -> None:
    text = f"Kính gửi Ban Chỉ đạo,\n\nOn Mon, Mar 16, 2026 at 7:30 AM dondoc <d@x.vn> wrote:\n> Nhắc việc\n>\n> IV.1.2\n\nIV.1.10: chưa thực hiện\n\n{A}"
    got = cut(text)
    assert got.top == "Kính gửi Ban Chỉ đạo,"
    assert got.bottom.split("\n")[7:] == ["IV.1.10: chưa thực hiện", "", A]
    assert got.bottom.split("\n")[:7] == [""] * 7  # the body's line numbers are kept


def test_under_an_unmarked_quote_everything_is_quoted() -> None:
    text = "Chào anh,\n\nFrom: dondoc\nSent: Monday\nTo: vp\n\nIV.1.2: 40%\n"
    assert cut(text).bottom == ""
    assert cut(f"{NEW}\n\n> IV.1.2: 40%\n").bottom == ""  # top-posted: nothing under the quote


def test_a_second_quote_under_a_bottom_posted_answer_is_cut_too() -> None:
    text = "> Nhắc việc\n\nIV.1.1 xong\n\n-----Original Message-----\nIV.1.2: 40%"
    assert cut(text).bottom.strip() == "IV.1.1 xong"


@pytest.mark.parametrize(
    "signature",
    [
        "Sent from my iPhone",
        "Von meinem iPhone gesendet",
        "Envoyé de mon iPhone",
        "iPhoneから送信",
        "iPhone에서 보냄",
        "发自我的iPhone",
        "Wysłane z mojego Galaxy",
        "Outlook für Android<https://aka.ms/o0ukef> herunterladen",
        "iOS 版 Outlook<https://aka.ms/o0ukef> を入手",
    ],
)
def test_phone_signatures_in_the_client_languages(signature: str) -> None:
    assert fresh_text(f"{NEW}\n\n{signature}\n\nIV.1.2: 40% - old") == NEW
