"""Which replies the corpus holds: every client in every interface language, then the special
shapes (bottom-posting, unusual separators, legacy charsets, Zalo copies, the committee) and the
attachments (documents that are reports, and everything else that is not)."""

from __future__ import annotations

from . import files
from . import locale as L
from .common import Case
from .mime import Part, digest, encoded_words, rfc2231
from .replies import Reply, attached, build

VP_PICKS = [(1,), (0, 1), (3, 4), (2, 8), (5,), (1, 3, 4), (6,), (7, 0), (4,)]
VHXH_PICKS = [(0,), (1, 3), (2, 4), (5,), (0, 1, 4), (6,), (3,), (2, 5)]
UNITS_CYCLE = ["vp", "vhxh", "kinh-te"]


def picks(unit: str, n: int) -> tuple[int, ...]:
    if unit == "vp":
        return VP_PICKS[n % len(VP_PICKS)]
    if unit == "vhxh":
        return VHXH_PICKS[n % len(VHXH_PICKS)]
    return (n % 5,)


def form(n: int) -> str:
    return "ascii" if n % 7 in (2, 5) else "nfd" if n % 7 == 3 else "vi"


_EXTRA_CLIENTS = ["samsung", "outlook-2010", "roundcube", "yahoo", "zimbra", "outlook-mac", "k9", "gmail-android"]
_HAS = {"yahoo": set(L.YAHOO), "zimbra": set(L.ZIMBRA), "roundcube": set(L.ROUNDCUBE)}


def matrix() -> list[Reply]:
    out: list[Reply] = []
    n = 0
    for li, lang in enumerate(L.LANGS):
        extra_client = next(c for k in range(len(_EXTRA_CLIENTS))
                            if lang in _HAS.get(c := _EXTRA_CLIENTS[(li + k) % len(_EXTRA_CLIENTS)], {lang}))
        clients = ["gmail", "outlook-desktop", "owa" if li % 2 else "outlook-new", "outlook-ios" if li % 2 == 0 else "outlook-android",
                   "apple-mail", "iphone", "thunderbird", extra_client]
        for client in clients:
            n += 1
            unit = UNITS_CYCLE[n % 3]
            extra = ""
            if client == "apple-mail" and lang in ("en", "vi"):
                extra = "wrap3"
            elif (client == "iphone" and n % 3 == 0) or (client == "thunderbird" and n % 4 == 0):
                extra = "html"
            elif client in ("owa", "zimbra", "yahoo") and n % 2 == 0:
                extra = "html-only"
            elif client == "k9":
                extra = "k9"
            out.append(Reply(n, client, lang, unit, form(n), "own" if n % 2 == 0 else "reminder", n % 4 == 1, picks(unit, n), extra))
    return out


def specials(start: int) -> list[Reply]:
    n = start
    out: list[Reply] = []

    def add(**kw: object) -> None:
        nonlocal n
        n += 1
        unit = str(kw.pop("unit", UNITS_CYCLE[n % 3]))
        kw.setdefault("picks", picks(unit, n))
        out.append(Reply(n=n, unit=unit, form=str(kw.pop("form", form(n))), **kw))  # type: ignore[arg-type]

    # bottom-posted: a greeting, the quote, then the answer under it
    for client, lang in (("thunderbird", "en"), ("k9", "vi"), ("roundcube", "de"), ("gmail", "vi"), ("iphone", "vi"), ("apple-mail", "fr")):
        add(client=client, lang=lang, bottom=True, extra="k9" if client == "k9" else "", thread="reminder",
            what=f"{client} ({lang}): bottom-posted answer: greeting, the quoted reminder, then the status lines below it")
    # unusual separators and header blocks, each above the unit's own earlier answer
    for extra, lang, what in (
        ("reply-message", "zh", "'-----Reply Message-----' block (Coremail webmail)"),
        ("on-wrote-dashes", "en", "'------On … wrote-----' separator (Sina webmail)"),
        ("qq", "zh", "QQ Mail '------------------ 原始邮件 ------------------' block"),
        ("netease", "zh", "NetEase '---- Replied Message ----' table"),
        ("notes", "en", "Lotus Notes 'From:/To:/Date:/Subject:' tab-separated block"),
        ("horde", "de", "Horde 'Zitat von … :' attribution with > quote"),
        ("date-first", "en", "header block beginning with Date: (mutt forward style)"),
        ("outlook-other-order", "vi", "Outlook block in another order: From, To, Sent, Subject"),
        ("date-first", "vi", "header block beginning with Date:, answer without diacritics"),
        ("reply-message", "vi", "'-----Reply Message-----' block from a Vietnamese user of a Chinese client"),
    ):
        add(client="generic", lang=lang, extra=extra, thread="own", what=f"{what}, quoting the unit's own 08:05 answer")
    # legacy charsets, Zalo copies
    for unit, extra in (("vp", "8bit"), ("kinh-te", "qp"), ("vhxh", "8bit")):
        add(client="windows-live", lang="vi", unit=unit, extra=extra, form="vi", thread="reminder",
            what=f"Windows Live Mail / Outlook 2003: windows-1258 body ({extra}), tone marks as combining characters")
    for unit in ("vp", "vhxh", "kinh-te"):
        add(client="zalo", lang="vi", unit=unit, thread="reminder", form="vi",
            what="lines typed in a Zalo group, copied with the chat header into a Gmail reply")
    # webmails and phones the matrix has few of
    for client, langs in (("yahoo", ("vi", "en", "fr", "de", "es")), ("zimbra", ("vi", "en", "fr", "de")),
                          ("roundcube", ("vi", "en", "ru", "pl")), ("samsung", ("vi", "en", "ko"))):
        for i, lang in enumerate(langs):
            add(client=client, lang=lang, thread="own" if i % 2 == 0 else "reminder",
                extra="html-only" if client in ("yahoo", "zimbra") and i % 2 == 1 else "")
    # the committee answers its digest
    for client, lang, pick in (("outlook-desktop", "vi", (0,)), ("iphone", "vi", (2,)), ("gmail", "vi", (1,)),
                               ("outlook-new", "en", (0,)), ("thunderbird", "de", (1,)), ("samsung", "vi", (2,))):
        add(client=client, lang=lang, unit="committee", picks=pick, thread="own" if client in ("outlook-desktop", "samsung") else "reminder",
            what=f"a committee member ({client}, {lang}) decides an extension on the committee digest")
    return out


# ---------------------------------------------------------------- attachments

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ODT = "application/vnd.oasis.opendocument.text"


def _outlook_file(ctype: str, name: str, data: bytes, *, inline: str = "", report: bool = False) -> Part:
    encoded = encoded_words(name, "utf-8", "B", sep=" ") if not name.isascii() else name
    extra: list[tuple[str, str]] = [("Content-Description", encoded)]
    if inline:
        extra.append(("Content-ID", f"<{inline}>"))
    disposition = f'{"inline" if inline else "attachment"};\n\tfilename="{encoded}"; size={len(data)};\n\tcreation-date="Mon, 16 Mar 2026 01:20:11 GMT";\n\tmodification-date="Mon, 16 Mar 2026 01:25:40 GMT"'
    return attached(f'{ctype}; name="{encoded}"', data, disposition, report_name=name if report else None, extra=tuple(extra))


def _gmail_file(ctype: str, name: str, data: bytes, kind: str = "B", *, report: bool = False, inline: bool = False) -> Part:
    encoded = encoded_words(name, "UTF-8", kind, sep=" ") if not name.isascii() else name
    fid = "f_" + digest(name, length=9)
    extra = (("Content-ID", f"<{fid}>"), ("X-Attachment-Id", fid))
    disposition = "" if inline else f'attachment; filename="{encoded}"'
    return attached(f'{ctype}; name="{encoded}"', data, disposition, report_name=name if report else None, extra=extra)


def _tb_file(ctype: str, name: str, data: bytes, *, report: bool = False, split: int = 36) -> Part:
    return attached(f"{ctype};\n {rfc2231('name', name, split)}", data, f"attachment;\n {rfc2231('filename', name, split)}",
                    report_name=name if report else None)


def _apple_file(ctype: str, name: str, data: bytes, *, report: bool = False, inline: bool = False) -> Part:
    q = encoded_words(name, "utf-8", "Q", sep=" ")
    disposition = f"inline;\n\tfilename={name}" if inline and name.isascii() else f"attachment;\n\t{rfc2231('filename', name)}"
    return attached(f'{ctype};\n\tx-unix-mode=0644;\n\tname="{q}"', data, disposition, report_name=name if report else None)


LOGO = "image001.png@01DCB4D8.5C3F1A20"


def attachment_replies(start: int) -> list[Reply]:
    n = start
    out: list[Reply] = []
    docx = files.docx(["ỦY BAN NHÂN DÂN XÃ HÒA AN", "BÁO CÁO", "Kết quả thực hiện Kế hoạch số 15/KH-UBND"])

    def add(client: str, unit: str, pick: tuple[int, ...], atts: tuple[Part, ...], what: str, lang: str = "vi", **kw: object) -> None:
        nonlocal n
        n += 1
        out.append(Reply(n, client, lang, unit, "vi", "reminder", False, pick, attachments=atts, what=what, **kw))  # type: ignore[arg-type]

    add("outlook-desktop", "vp", (1,), (
        _outlook_file("image/png", "image001.png", files.png(seed="vp"), inline=LOGO),
        _outlook_file(_DOCX, "Báo cáo kết quả thực hiện KH 15-KH-UBND - Văn phòng.docx", docx, report=True)),
        "Outlook desktop: the report as .docx (RFC 2047 name) and image001.png from the signature (Content-ID)")
    add("gmail", "vhxh", (0,), (_gmail_file("application/pdf", "BC tiến độ chuyển đổi số tháng 3 - VHXH.pdf",
                                            files.pdf("Bao cao tien do chuyen doi so thang 3"), report=True),),
        "Gmail: the report as .pdf, name RFC 2047 B-encoded")
    add("thunderbird", "kinh-te", (0,), (_tb_file(_ODT, "Báo cáo quý I năm 2026 - Phòng Kinh tế.odt",
                                                  files.odt(["Báo cáo quý I năm 2026"]), report=True),),
        "Thunderbird: the report as .odt, name in RFC 2231 continuations")
    add("outlook-2010", "vp", (6,), (attached('application/msword;\n\tname="Bao cao tien do CDS thang 3.doc"', files.doc(),
                                              'attachment;\n\tfilename="Bao cao tien do CDS thang 3.doc"', report_name="Bao cao tien do CDS thang 3.doc"),),
        "Outlook 2010: the report as a Word 97-2003 .doc")
    add("thunderbird", "vhxh", (1, 3), (), "Thunderbird with Enigmail: PGP/MIME signed (signature.asc)", "en", extra="pgp")
    add("outlook-desktop", "vp", (1,), (), "Outlook desktop: S/MIME signed (smime.p7s)", "en", extra="smime")
    add("outlook-desktop", "kinh-te", (2,), (attached('application/ms-tnef; name="winmail.dat"', files.tnef("k"),
                                                      'attachment; filename="winmail.dat"'),),
        "Outlook in Rich Text: winmail.dat (TNEF)")
    add("outlook-new", "vp", (0,), (_outlook_file("text/calendar; method=REQUEST", "Họp Ban Chỉ đạo chuyển đổi số.ics",
                                                  files.ics("Họp Ban Chỉ đạo chuyển đổi số")),),
        "new Outlook: a meeting invitation (.ics) attached")
    add("samsung", "kinh-te", (0,), (attached(f'text/x-vcard; name="{encoded_words("Lê Văn Dũng.vcf", "UTF-8", "B", sep=" ")}"',
                                              files.vcf("Lê Văn Dũng", "kinhte@xa.example.vn", "0978.220.915"),
                                              f'attachment; filename="{encoded_words("Lê Văn Dũng.vcf", "UTF-8", "B", sep=" ")}"'),),
        "Samsung Email: a contact card (.vcf) attached")
    add("gmail", "vhxh", (1,), (_gmail_file("application/gzip", "so-lieu-mot-cua-thang-3.csv.gz",
                                            files.gz("so-lieu-mot-cua-thang-3.csv", "Ngày;Số hồ sơ\n16/3;42\n".encode())),),
        "Gmail: a .gz of figures attached")
    add("gmail", "vp", (1,), (_gmail_file("image/png", "logo-ubnd.png", files.png(seed="ubnd"), inline=True),),
        "Gmail: an inline logo in the HTML signature (Content-ID, no disposition)", extra="inline-logo")
    add("iphone", "kinh-te", (3,), (_apple_file("image/jpeg", "image0.jpeg", files.gif(), inline=True),),
        "iPhone Mail: a photo inline (Content-Disposition: inline)")
    add("outlook-desktop", "vhxh", (1,), (
        _outlook_file("image/png", "image001.png", files.png(seed="vhxh"), inline=LOGO),
        _outlook_file("application/pdf", "Báo cáo VHXH tháng 3.pdf", files.pdf("Bao cao VHXH thang 3"), report=True)),
        "Outlook desktop, S/MIME signed: the report as .pdf, image001.png and smime.p7s", extra="smime")
    add("apple-mail", "kinh-te", (0,), (_apple_file(_DOCX, "Báo cáo Phòng Kinh tế tháng 3.docx", docx, report=True),),
        "Apple Mail: the report as .docx, name in one RFC 2231 parameter")
    add("outlook-desktop", "kinh-te", (), (_outlook_file("image/png", "image001.png", files.png(seed="kt"), inline=LOGO),),
        "Outlook desktop: only prose and image001.png from the signature: nothing to record, the image is no report",
        expect={"outcome": "quarantined", "reason": "unparsed", "reply": "error", "items": []})
    add("thunderbird", "vp", (), (), "Thunderbird PGP/MIME: only prose and signature.asc: nothing to record, the signature is no report",
        extra="pgp", expect={"outcome": "quarantined", "reason": "unparsed", "reply": "error", "items": []})
    add("gmail", "vhxh", (0,), (_gmail_file(_DOCX, "Báo cáo tập huấn kỹ năng số.docx", docx, "Q", report=True),),
        "Gmail (en): the report as .docx, name RFC 2047 Q-encoded", "en")
    logo = files.png(seed="mac")
    add("outlook-mac", "vp", (1,), (attached('image/png; name="image001.png"', logo, f'attachment; filename="image001.png"; size={len(logo)}',
                                             extra=(("Content-ID", f"<{LOGO}>"),)),),
        "Outlook for Mac: the signature's image001.png sent with Content-Disposition: attachment (and a Content-ID): no report", "en")
    return out


def all_cases() -> list[Case]:
    replies = matrix()
    replies += specials(len(replies))
    replies += attachment_replies(len(replies))
    return [build(r, "replies") for r in replies]

