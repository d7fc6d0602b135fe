"""Delivery status notifications: every MTA family in the shapes it really sends.

Each family is a function of one ``Bounce`` (whose digest failed, to which address, why, how the
notification arrived); ``all_cases`` turns a list of such parameters into cases. The texts follow
each MTA's own templates (Postfix bounce(5), Exim's default bounce and warning texts, sendmail's
old and RFC 3464 formats, qmail-send, OpenSMTPD, Courier, Exchange/Office 365 NDRs, Gmail, Yahoo,
Domino, MDaemon, Amazon SES, …); the failing host names, addresses and ids are the commune's.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, replace

from .common import ARRIVAL, DONDOC, MX, SUBJECTS, Case, automatic, postfix_id, rng
from .mime import Part, attachment, digest, encoded_words, message, multipart, text
from .original import header_block, reminder_text, whole


@dataclass(frozen=True)
class Failure:
    status: str
    smtp: str  # the remote server's reply, {rcpt} filled in
    human: str  # one-line English explanation
    vi: str  # Vietnamese explanation (Vietnamese providers)
    remote: str = "mx.xa.example.vn"


FAILURES = {
    "unknown": Failure(
        "5.1.1", "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table",
        "The email account that you tried to reach does not exist.",
        "Địa chỉ người nhận không tồn tại trên hệ thống.",
    ),
    "full": Failure(
        "5.2.2", "552 5.2.2 <{rcpt}>: Mailbox full, quota exceeded (100%)",
        "The recipient's mailbox is full and can't accept messages now.",
        "Hộp thư của người nhận đã đầy (vượt 100% dung lượng cho phép).",
    ),
    "ptr": Failure(
        "5.7.25",
        "550 5.7.25 [203.162.4.190] The IP address sending this message does not have a PTR record setup, "
        "or the corresponding forward DNS entry does not point to the sending IP.",
        "The sending server has no reverse DNS (PTR) record.",
        "Máy chủ gửi thư chưa khai báo bản ghi PTR (tên miền ngược).",
        "gmail-smtp-in.l.google.com",
    ),
    "spam": Failure(
        "5.7.1", "554 5.7.1 Message rejected because of unacceptable content. Incident ID 4182331",
        "The message was rejected by the recipient's content filter.",
        "Thư bị bộ lọc thư rác của máy chủ nhận từ chối.",
    ),
    "dmarc": Failure(
        "5.7.26",
        "550 5.7.26 Unauthenticated email from xa.example.vn is not accepted due to domain's DMARC policy.",
        "The message failed the sender domain's DMARC policy.",
        "Thư không vượt qua kiểm tra DMARC của tên miền gửi.",
        "gmail-smtp-in.l.google.com",
    ),
    "relay": Failure(
        "5.7.1", "554 5.7.1 <{rcpt}>: Relay access denied",
        "The receiving server refused to relay the message.",
        "Máy chủ nhận từ chối chuyển tiếp thư.",
    ),
    "big": Failure(
        "5.3.4", "552 5.3.4 Message size exceeds fixed limit",
        "The message is larger than the recipient's server accepts.",
        "Thư vượt quá dung lượng tối đa máy chủ nhận cho phép.",
    ),
    "greylist": Failure(
        "4.7.1", "451 4.7.1 <{rcpt}>: Recipient address rejected: Greylisted, please try again later",
        "The receiving server asked to try again later (greylisting).",
        "Máy chủ nhận tạm thời yêu cầu gửi lại sau (greylisting).",
    ),
    "timeout": Failure(
        "4.4.1", "connect to mail.hoaan.gov.vn[113.160.12.34]:25: Connection timed out",
        "The receiving server did not answer.",
        "Không kết nối được tới máy chủ nhận thư (hết thời gian chờ).",
        "mail.hoaan.gov.vn",
    ),
    "quota": Failure(
        "4.2.2", "452 4.2.2 <{rcpt}>: Mailbox temporarily over quota",
        "The recipient's mailbox is temporarily over quota.",
        "Hộp thư người nhận tạm thời vượt dung lượng.",
    ),
}


_MX = {
    "gmail.com": "gmail-smtp-in.l.google.com",
    "yahoo.com.vn": "mta7.am0.yahoodns.net",
    "vnpt.vn": "mx.vnpt.vn",
    "viettel.vn": "mx1.viettel.vn",
    "xa.example.vn": "mail.xa.example.vn",
    "hoaan.gov.vn": "mail.hoaan.gov.vn",
}


@dataclass(frozen=True)
class Bounce:
    family: str
    n: int
    unit: str  # whose digest failed
    rcpt: str  # the address that failed
    why: str  # a key of FAILURES
    return_path: str = "<>"  # as delivered to dondoc's mailbox: "<>", "" (missing), "<MAILER-DAEMON@…>"
    returned: str = "headers"  # what of the digest it carries: headers | whole | none | text
    host: str = "mail.hoaan.gov.vn"
    note: str = ""

    @property
    def fail(self) -> Failure:
        return FAILURES[self.why]

    @property
    def delay(self) -> bool:
        return self.fail.status.startswith("4")

    @property
    def smtp(self) -> str:
        return self.fail.smtp.format(rcpt=self.rcpt)

    @property
    def remote(self) -> str:
        """The MX of the failing address (the one that answered, or did not)."""
        if self.why == "timeout":
            return self.fail.remote
        return _MX.get(self.rcpt.split("@")[1], "mail." + self.rcpt.split("@")[1])

    def ident(self, length: int = 12) -> str:
        return digest(self.family, self.n, length=length)


def _arrival(b: Bounce, sender_host: str, ip: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if b.return_path:
        out.append(("Return-Path", b.return_path))
    out.append(("Delivered-To", DONDOC))
    qid = postfix_id(b.family, b.n)
    if sender_host == MX:
        out.append(("Received", f"by {MX} (Postfix)\n\tid {qid}; {ARRIVAL}"))
    else:
        out.append((
            "Received",
            f"from {sender_host} ({sender_host} [{ip}])\n\tby {MX} (Postfix) with ESMTP id {qid}\n\tfor <{DONDOC}>; {ARRIVAL}",
        ))
    return out


def _fold(text_: str, indent: str = "    ", width: int = 76) -> str:
    return "\n".join(textwrap.wrap(text_, width, subsequent_indent=indent, break_long_words=False))


def _status_fields(b: Bounce, reporting: str, *, arrival: bool = True, extra: str = "", remote: bool = True) -> str:
    out = f"Reporting-MTA: dns; {reporting}\n"
    if extra:
        out += extra
    if arrival:
        out += "Arrival-Date: Mon, 16 Mar 2026 07:30:02 +0700\n"
    out += f"\nFinal-Recipient: rfc822; {b.rcpt}\nOriginal-Recipient: rfc822;{b.rcpt}\n"
    out += f"Action: {'delayed' if b.delay else 'failed'}\nStatus: {b.fail.status}\n"
    if remote and b.why != "timeout":
        out += f"Remote-MTA: dns; {b.remote}\n"
    kind = "X-Postfix" if b.why == "timeout" else "smtp"
    out += _fold(f"Diagnostic-Code: {kind}; {b.smtp}") + "\n"
    if b.delay:
        out += "Will-Retry-Until: Sat, 21 Mar 2026 07:30:02 +0700\n"
    return out


def _returned(b: Bounce, description: str | None = None, *, headers_type: str = "text/rfc822-headers") -> list[Part]:
    """The digest as the bounce carries it: its header fields or the whole message."""
    extra = [("Content-Description", description)] if description else []
    if b.returned == "headers":
        return [Part([*extra, ("Content-Type", headers_type)], header_block(b.unit).encode())]
    if b.returned in ("whole", "text"):
        return [Part([*extra, ("Content-Type", "message/rfc822")], whole(b.unit).encode())]
    return []


def _report(boundary: str, parts: list[Part], preamble: str = "This is a MIME-encapsulated message.") -> Part:
    root = multipart("report", boundary, parts, extra=" report-type=delivery-status;", preamble=preamble)
    return root


def _case(b: Bounce, raw: bytes, shape: str, what: str, language: str = "en") -> Case:
    slug = f"{b.why}{'-' + b.note if b.note else ''}"
    return Case(
        file=f"auto/dsn/{b.family}-{b.n:02d}-{slug}.eml",
        category="dsn",
        family=b.family,
        language=language,
        shape=shape,
        what=what,
        answers=b.unit,
        raw=raw,
        unit=automatic("bounce"),
        stranger=automatic("bounce"),
    )


def _rp(b: Bounce) -> str:
    return {"<>": "Return-Path <>", "": "no Return-Path"}.get(b.return_path, f"Return-Path {b.return_path}")


# ---------------------------------------------------------------- Postfix


def postfix(b: Bounce) -> Case:
    host = b.host
    boundary = f"{postfix_id(b.family, b.n, 'q')}.{1773624605 + b.n}/{host}"
    if b.delay:
        subject = "Delayed Mail (still being retried)"
        intro = (
            f"This is the mail system at host {host}.\n\n"
            "####################################################################\n"
            "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n"
            "####################################################################\n\n"
            "Your message could not be delivered for more than 4 hour(s).\n"
            "It will be retried until it is 5 day(s) old.\n\n"
            "For further assistance, please send mail to postmaster.\n\n"
            "If you do so, please include this problem report. You can\n"
            "delete your own text from the attached returned message.\n\n"
            "                   The mail system\n\n"
        )
    else:
        subject = "Undelivered Mail Returned to Sender"
        intro = (
            f"This is the mail system at host {host}.\n\n"
            "I'm sorry to have to inform you that your message could not\n"
            "be delivered to one or more recipients. It's attached below.\n\n"
            "For further assistance, please send mail to postmaster.\n\n"
            "If you do so, please include this problem report. You can\n"
            "delete your own text from the attached returned message.\n\n"
            "                   The mail system\n\n"
        )
    if b.why == "timeout":
        said = f"<{b.rcpt}>: {b.smtp}"
    else:
        said = _fold(f"<{b.rcpt}>: host {b.remote}[113.160.12.34] said: {b.smtp} (in reply to RCPT TO command)")
    notification = Part(
        [("Content-Description", "Notification"), ("Content-Type", "text/plain; charset=us-ascii")],
        (intro + said + "\n").encode(),
    )
    status = Part(
        [("Content-Description", "Delivery report"), ("Content-Type", "message/delivery-status")],
        _status_fields(
            b, host, extra=f"X-Postfix-Queue-ID: {postfix_id(b.family, b.n, 'q')}\nX-Postfix-Sender: rfc822; {DONDOC}\n"
        ).encode(),
    )
    label = "Undelivered Message Headers" if b.returned == "headers" else "Undelivered Message"
    root = _report(boundary, [notification, status, *_returned(b, label)])
    root.headers.append(("Content-Transfer-Encoding", "8bit"))
    headers = [
        *_arrival(b, MX if host == MX else host, "113.160.12.34"),
        ("Date", "{{DATE}}"),
        ("From", f"MAILER-DAEMON@{host} (Mail Delivery System)"),
        ("Subject", subject),
        ("To", DONDOC),
        ("Auto-Submitted", "auto-replied"),
        ("MIME-Version", "1.0"),
    ]
    root.headers.append(("Message-Id", f"<20260316013005.{postfix_id(b.family, b.n, 'm')}@{host}>"))
    raw = message(headers, root)
    return _case(b, raw, f"multipart/report, {_rp(b)}, returned {b.returned}",
                 f"Postfix {'delay warning' if b.delay else 'bounce'} ({b.fail.status}) for {b.rcpt}")


# ---------------------------------------------------------------- Exim


def exim(b: Bounce) -> Case:
    host = b.host
    msgid = f"1w{b.ident(4)}-000{b.n % 10}Ab-{b.ident(2).upper()}"
    headers = [
        *_arrival(b, host, "103.57.210.18"),
        ("Received", f"from mailnull by {host} with local (Exim 4.97.1)\n\tid {msgid}\n\tfor {DONDOC}; Mon, 16 Mar 2026 08:31:05 +0700"),
        ("X-Failed-Recipients", b.rcpt),
        ("Auto-Submitted", "auto-replied"),
        ("From", f"Mail Delivery System <Mailer-Daemon@{host}>"),
        ("To", DONDOC),
    ]
    if b.delay:
        subject = f"Warning: message {msgid} delayed 24 hours"
        textbody = (
            "This message was created automatically by mail delivery software.\n"
            f"A message that you sent has not yet been delivered to one or more of its\n"
            f"recipients after more than 24 hours on the queue on {host}.\n\n"
            f"The message identifier is:     {msgid}\n"
            "The date of the message is:    Mon, 16 Mar 2026 07:30:00 +0700\n\n"
            "The address to which the message has not yet been delivered is:\n\n"
            f"  {b.rcpt}\n"
            f"    Delay reason: SMTP error from remote mail server after RCPT TO:<{b.rcpt}>:\n"
            f"    {b.smtp}\n\n"
            "No action is required on your part. Delivery attempts will continue for\n"
            "some time, and this warning may be repeated at intervals if the message\n"
            "remains undelivered. Eventually the mail delivery software will give up,\n"
            "and when that happens, the message will be returned to you.\n"
        )
    else:
        subject = "Mail delivery failed: returning message to sender"
        textbody = (
            "This message was created automatically by mail delivery software.\n\n"
            "A message that you sent could not be delivered to one or more of its\n"
            "recipients. This is a permanent error. The following address(es) failed:\n\n"
            f"  {b.rcpt}\n"
            f"    host {b.remote} [113.160.12.34]\n"
            f"    SMTP error from remote mail server after RCPT TO:<{b.rcpt}>:\n"
            f"    {b.smtp}\n"
        )
    headers += [("Subject", subject), ("Message-Id", f"<E{msgid}@{host}>"), ("Date", "{{DATE}}")]
    if b.note == "plain":  # Exim before 4.90, or a bounce_message_file: all in one text/plain
        copy = "\n------ This is a copy of the message, including all the headers. ------\n"
        if b.returned == "headers":
            copy = "\n------ This is a copy of the message's headers. ------\n"
        returned = header_block(b.unit) if b.returned == "headers" else whole(b.unit)
        root = Part([("Content-Type", "text/plain; charset=us-ascii")], (textbody + copy + "\n" + returned).encode())
        raw = message([*headers, ("MIME-Version", "1.0")], root)
        shape = f"text/plain, {_rp(b)}, returned {b.returned} inline"
    else:
        boundary = f"{1773625865 + b.n}-eximdsn-{b.ident(10)}"
        parts = [
            Part([("Content-type", "text/plain; charset=us-ascii")], textbody.encode()),
            Part([("Content-type", "message/delivery-status")], _status_fields(b, host, arrival=True).encode()),
            *_returned(b, headers_type="message/rfc822" if b.returned == "whole" else "text/rfc822-headers"),
        ]
        root = multipart("report", boundary, parts, extra=" report-type=delivery-status;", preamble="This is a MIME-formatted message.  If you see this text it means that your\nE-mail software does not support MIME-formatted messages.\n")
        raw = message([*headers, ("MIME-Version", "1.0")], root)
        shape = f"multipart/report, {_rp(b)}, returned {b.returned}"
    return _case(b, raw, shape, f"Exim {'delay warning' if b.delay else 'bounce'} ({b.fail.status}) for {b.rcpt}")


# ---------------------------------------------------------------- sendmail


def _sendmail_texts(b: Bounce) -> tuple[str, str]:
    qid = f"62G0U2{b.ident(6).upper()}"
    if b.delay:
        subject = "Warning: could not send message for past 4 hours"
        head = (
            "    **********************************************\n"
            "    **      THIS IS A WARNING MESSAGE ONLY      **\n"
            "    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\n"
            "    **********************************************\n\n"
            f"The original message was received at Mon, 16 Mar 2026 07:30:03 +0700\nfrom mx.xa.example.vn [203.162.4.190]\n\n"
            "   ----- Transcript of session follows -----\n"
            f"<{b.rcpt}>... Deferred: {b.smtp}\n"
            "Warning: message still undelivered after 4 hours\n"
            "Will keep trying until message is 5 days old\n"
        )
    else:
        subject = "Returned mail: see transcript for details" if b.n % 2 else "Returned mail: User unknown"
        head = (
            f"The original message was received at Mon, 16 Mar 2026 07:30:03 +0700\nfrom mx.xa.example.vn [203.162.4.190]\n\n"
            "   ----- The following addresses had permanent fatal errors -----\n"
            f"<{b.rcpt}>\n    (reason: {b.smtp.split(' ', 2)[-1]})\n\n"
            "   ----- Transcript of session follows -----\n"
            f"... while talking to {b.remote}.:\n>>> DATA\n<<< {b.smtp}\n"
            f"550 5.1.1 <{b.rcpt}>... User unknown\n<<< 503 5.0.0 Need RCPT (recipient)\n"
        )
    return subject, head.replace("QID", qid)


def sendmail_old(b: Bounce) -> Case:
    host = b.host
    subject, head = _sendmail_texts(b)
    follows = "   ----- Unsent message follows -----\n" if b.n % 2 else "   ----- Original message follows -----\n"
    returned = header_block(b.unit) if b.returned == "headers" else whole(b.unit)
    headers = [
        *_arrival(b, host, "113.160.12.34"),
        ("Received", f"from localhost (localhost)\n\tby {host} (8.9.3/8.9.3) id HAA0{b.n}412;\n\tMon, 16 Mar 2026 08:31:04 +0700"),
        ("Date", "{{DATE}}"),
        ("From", f"Mail Delivery Subsystem <MAILER-DAEMON@{host}>"),
        ("Message-Id", f"<202603160131.HAA0{b.n}412@{host}>"),
        ("To", f"<{DONDOC}>"),
        ("Subject", subject),
    ]
    root = Part([], (head + "\n" + follows + returned).encode())
    return _case(b, message(headers, root), f"no MIME (RFC 822 text), {_rp(b)}, returned {b.returned} inline",
                 f"sendmail 8.9 text bounce ({b.fail.status}) for {b.rcpt}")


def sendmail_new(b: Bounce) -> Case:
    host = b.host
    subject, head = _sendmail_texts(b)
    qid = f"62G1V4{b.ident(6).upper()}"
    boundary = f"{qid}.{1773625864 + b.n}/{host}"
    parts = [
        Part([("Content-Type", "text/plain")], (head + "\n").encode()),
        Part([("Content-Type", "message/delivery-status")], _status_fields(b, host, extra="Received-From-MTA: DNS; mx.xa.example.vn\n").encode()),
        *_returned(b, headers_type="text/rfc822-headers"),
    ]
    root = _report(boundary, parts, "This is a MIME-encapsulated message\n")
    headers = [
        *_arrival(b, host, "113.160.12.34"),
        ("Received", f"from localhost (localhost)\n\tby {host} (8.17.1/8.17.1) id {qid};\n\tMon, 16 Mar 2026 08:31:04 +0700"),
        ("Date", "{{DATE}}"),
        ("From", f"Mail Delivery Subsystem <MAILER-DAEMON@{host}>"),
        ("Message-Id", f"<202603160131.{qid}@{host}>"),
        ("To", f"<{DONDOC}>"),
        ("MIME-Version", "1.0"),
        ("Subject", subject),
        ("Auto-Submitted", "auto-generated (failure)"),
    ]
    return _case(b, message(headers, root), f"multipart/report, {_rp(b)}, returned {b.returned}",
                 f"sendmail 8.17 RFC 3464 {'warning' if b.delay else 'bounce'} ({b.fail.status}) for {b.rcpt}")


# ---------------------------------------------------------------- qmail


_QMAIL_REMOTE = {
    "unknown": "Sorry, no mailbox here by that name. vpopmail (#5.1.1)",
    "full": "The users mailfolder is over the allowed quota (size). (#5.2.2)",
    "spam": "Remote host said: 554 5.7.1 Message rejected because of unacceptable content.",
    "relay": "Sorry, that domain isn't in my list of allowed rcpthosts. (#5.7.1)",
    "ptr": "Remote host said: 550 5.7.25 The IP address sending this message does not have a PTR record setup.",
}


def qmail(b: Bounce) -> Case:
    host = b.host
    said = _QMAIL_REMOTE.get(b.why, f"Remote host said: {b.smtp}")
    body = (
        f"Hi. This is the qmail-send program at {host}.\n"
        "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
        "This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
        f"<{b.rcpt}>:\n"
    )
    if said.startswith("Remote"):
        body += f"113.160.12.34 does not like recipient.\n{said}\nGiving up on 113.160.12.34.\n"
    else:
        body += said + "\n"
    body += "\n--- Below this line is a copy of the message.\n\n"
    body += header_block(b.unit) if b.returned == "headers" else whole(b.unit)
    headers = [
        *_arrival(b, host, "118.69.201.7"),
        ("Received", f"(qmail {21000 + b.n * 37} invoked for bounce); 16 Mar 2026 01:31:04 -0000"),
        ("Date", "16 Mar 2026 01:31:04 -0000"),
        ("From", f"MAILER-DAEMON@{host}"),
        ("To", DONDOC),
        ("Subject", "failure notice"),
    ]
    if b.note == "mime":  # netqmail with MIME bounce patch
        headers += [("MIME-Version", "1.0")]
        root = Part([("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit")], body.encode())
        shape = "text/plain (MIME)"
    else:
        root = Part([], body.encode())
        shape = "no MIME"
    return _case(b, message(headers, root), f"{shape}, {_rp(b)}, returned {b.returned} inline",
                 f"qmail-send 'failure notice' ({b.fail.status}) for {b.rcpt}")


# ---------------------------------------------------------------- OpenSMTPD


def opensmtpd(b: Bounce) -> Case:
    host = b.host
    if b.delay:
        subject = "Delivery status notification: delay"
        lead = (
            "Hi!\n\nThis is the MAILER-DAEMON, please DO NOT REPLY to this email.\n\n"
            "An error has occurred while attempting to deliver a message for\n"
            "the following list of recipients:\n\n"
        )
        after = "\nDelivery will be retried for up to 4 days.\n\nBelow is a copy of the original message:\n\n"
    else:
        subject = "Delivery status notification: error"
        lead = (
            "Hi!\n\nThis is the MAILER-DAEMON, please DO NOT REPLY to this email.\n\n"
            "An error has occurred while attempting to deliver a message for\n"
            "the following list of recipients:\n\n"
        )
        after = "\nBelow is a copy of the original message:\n\n"
    lines = f"{b.rcpt}: {b.smtp}\n"
    if b.note == "blocked-line":
        lines = (
            f"blocked@{host}: 550 5.7.25 [203.162.4.190] The IP address sending this message does not have a PTR record setup\n"
            + lines
        )
    note = lead + lines + after
    boundary = f"{1773625864 + b.n}/{host}"
    headers = [
        *_arrival(b, host, "171.244.52.9"),
        ("Received", f"from localhost (localhost)\n\tby {host} (OpenSMTPD) with ESMTPS id {b.ident(8)}\n\tfor <{DONDOC}>;\n\tMon, 16 Mar 2026 01:31:04 +0000 (UTC)"),
        ("Date", "Mon, 16 Mar 2026 01:31:04 +0000 (UTC)"),
        ("From", f"Mailer Daemon <MAILER-DAEMON@{host}>"),
        ("To", DONDOC),
        ("Subject", subject),
        ("Message-ID", f"<{b.ident(8)}.{1773625864 + b.n}@{host}>"),
        ("MIME-Version", "1.0"),
    ]
    if b.note == "text" or b.returned == "text":
        root = Part([("Content-Type", "text/plain; charset=us-ascii"), ("Content-Transfer-Encoding", "7bit")],
                    (note + (header_block(b.unit) if b.returned != "text" else whole(b.unit))).encode())
        shape = "text/plain"
    else:
        parts = [
            Part([("Content-Description", "Notification"), ("Content-Type", "text/plain; charset=us-ascii"),
                  ("Content-Transfer-Encoding", "7bit")], note.encode()),
            Part([("Content-Description", "Message headers"), ("Content-Type", "text/rfc822-headers")]
                 if b.returned == "headers" else [("Content-Type", "message/rfc822"), ("Content-Disposition", "inline")],
                 (header_block(b.unit) if b.returned == "headers" else whole(b.unit)).encode()),
        ]
        root = multipart("mixed", boundary, parts, preamble="This is a MIME-encapsulated message.\n")
        shape = "multipart/mixed"
    return _case(b, message(headers, root), f"{shape}, {_rp(b)}, returned {b.returned}",
                 f"OpenSMTPD {'delay' if b.delay else 'error'} notification ({b.fail.status}) for {b.rcpt}"
                 + (" with a 'blocked@host: 550 5.7.25' line" if b.note == "blocked-line" else ""))


# ---------------------------------------------------------------- Courier


def courier(b: Bounce) -> Case:
    host = b.host
    banner = "                        DELAYS IN DELIVERING MAIL" if b.delay else "                           UNDELIVERABLE MAIL"
    told = (
        "Your message to the following recipients has been delayed:" if b.delay
        else "Your message to the following recipients cannot be delivered:"
    )
    note = (
        f"This is a delivery status notification from {host},\n"
        "running the Courier mail server, version 1.3.12.\n\n"
        "The original message was received on Mon, 16 Mar 2026 07:30:03 +0700\n"
        "from mx.xa.example.vn (mx.xa.example.vn [203.162.4.190])\n\n"
        "---------------------------------------------------------------------------\n\n"
        f"{banner}\n\n{told}\n\n<{b.rcpt}>:\n    {b.remote} [113.160.12.34]:\n"
        f">>> RCPT TO:<{b.rcpt}>\n<<< {b.smtp}\n\n"
        "---------------------------------------------------------------------------\n\n"
        "If your message was also sent to additional recipients, their delivery\n"
        "status is not included in this report.  You may or may not receive\n"
        "other delivery status notifications for additional recipients.\n\n"
        "The original message follows as a separate attachment.\n"
    )
    boundary = f"=_courier-{b.ident(4)}-{1773625864 + b.n}-0001"
    parts = [
        Part([("Content-Type", "text/plain; charset=iso-8859-1"), ("Content-Transfer-Encoding", "7bit")], note.encode()),
        Part([("Content-Type", "message/delivery-status"), ("Content-Transfer-Encoding", "7bit")],
             _status_fields(b, host, extra="Received-From-MTA: dns; mx.xa.example.vn (mx.xa.example.vn [203.162.4.190])\n").encode()),
        *_returned(b, headers_type="text/rfc822-headers; charset=iso-8859-1"),
    ]
    root = _report(boundary, parts, "This is a MIME-formatted message.  If you see this text it means that your\nmail software cannot handle MIME-formatted messages.\n")
    sender = f'"Courier mail server at {host}" <@>' if b.note == "at-sign" else f'"Courier mail server at {host}" <>'
    headers = [
        *_arrival(b, host, "113.160.12.34"),
        ("From", sender),
        ("To", f"<{DONDOC}>"),
        ("Subject", "NOTICE: mail delivery status."),
        ("Mime-Version", "1.0"),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<courier.{b.ident(16).upper()}@{host}>"),
    ]
    return _case(b, message(headers, root), f"multipart/report, From with an empty address, {_rp(b)}",
                 f"Courier {'delay' if b.delay else 'failure'} notice ({b.fail.status}) for {b.rcpt}")


# ---------------------------------------------------------------- Microsoft Exchange / Office 365

_NDR_VI = {
    "subject": "Không thể gửi: ",
    "couldnt": "Không thể gửi thư của bạn đến {rcpt}.",
    "fix": "Cách khắc phục",
    "action": "Cần thực hiện hành động",
}
_O365_WHY = {
    "unknown": ("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
                "{rcpt} wasn't found at {domain}."),
    "full": ("554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded",
             "The recipient's mailbox is full and can't accept messages now."),
    "spam": ("550 5.7.1 Service unavailable, Client host [203.162.4.190] blocked using Spamhaus",
             "Your message wasn't delivered because the recipient's email provider rejected it."),
    "relay": ("550 5.7.64 TenantAttribution; Relay Access Denied",
              "Your message couldn't be delivered because the sending server isn't allowed to relay."),
    "big": ("552 5.3.4 Message size exceeds fixed maximum message size",
            "Your message is too big to be delivered."),
    "dmarc": ("550 5.7.509 Access denied, sending domain xa.example.vn does not pass DMARC verification and has a DMARC policy of reject.",
              "Your message wasn't delivered because the sending domain failed DMARC."),
    "greylist": ("451 4.7.500 Server busy. Please try again later from [203.162.4.190]. (S77719)",
                 "Delivery has been delayed."),
    "timeout": ("451 4.4.0 Primary target IP address responded with: \"421 4.4.1 Connection timed out.\"",
                "Delivery has been delayed."),
    "quota": ("452 4.2.2 The recipient's mailbox is temporarily over quota", "Delivery has been delayed."),
    "ptr": ("550 5.7.25 The sending IP has no reverse DNS record", "The recipient's server rejected the message."),
}


def _o365_html(b: Bounce, smtp: str, headline: str, tenant: str) -> str:
    color = "#FFB900" if b.delay else "#c00000"
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<style>
.sender{{font-family:"Segoe UI",Frutiger,"Frutiger Linotype","Dejavu Sans","Helvetica Neue",Arial,sans-serif}}
</style>
</head>
<body dir="ltr">
<div style="font-family:'Segoe UI',Frutiger,Arial,sans-serif;font-size:16px;margin-top:0;padding-top:0">
<table style="width:100%;border-collapse:collapse"><tr><td style="font-size:14px;padding:0 0 14px">{tenant}</td></tr></table>
<p style="font-size:21px;font-weight:bold;color:{color};margin:0">{"Delivery has been delayed to these recipients or groups:" if b.delay else "Your message to " + b.rcpt + " couldn't be delivered."}</p>
<p style="font-size:16px">{headline}</p>
<table style="width:100%;border-collapse:collapse"><tr>
<td style="background:#FFFFFF;padding:0;width:33%;font-size:15px">dondoc</td>
<td style="padding:0;width:33%;text-align:center;font-size:15px">Office 365</td>
<td style="padding:0;width:33%;text-align:right;font-size:15px">{b.rcpt.split("@")[0]}</td></tr>
<tr><td style="background:{color};height:8px"></td><td style="background:#CCCCCC"></td><td style="background:#CCCCCC"></td></tr>
<tr><td style="font-size:14px;color:{color};font-weight:600">{"Action Required" if not b.delay else "No action required"}</td><td></td><td style="text-align:right;font-size:14px">Recipient</td></tr></table>
<p style="font-size:17px;font-weight:600;margin-top:24px">How to Fix It</p>
<p style="font-size:15px">The address may be misspelled or may not exist. Try one or more of the following:</p>
<ul><li>Send the message again following these steps: In Outlook, open this non-delivery report (NDR) and choose <b>Send Again</b> from the Report ribbon.</li>
<li>Contact the recipient by some other means to verify the address.</li></ul>
<p style="font-size:15px">Was this helpful? <a href="https://go.microsoft.com/fwlink/?LinkId=525921">Send feedback to Microsoft</a>.</p>
<hr>
<p style="font-size:17px;font-weight:600">More Info for Email Admins</p>
<p style="font-size:14px"><em>Status code: {smtp.split()[1]}</em></p>
<p style="font-size:14px">Original Message Details<br>Created Date: 3/16/2026 12:30:00 AM<br>Sender Address: {DONDOC}<br>Recipient Address: {b.rcpt}<br>Subject: {SUBJECTS[b.unit]}</p>
<p style="font-size:14px">Error Details<br>Reported error: {smtp}<br>DSN generated by: SEZPR06MB5269.apcprd06.prod.outlook.com</p>
</div>
</body>
</html>
"""


def office365(b: Bounce) -> Case:
    smtp, headline = _O365_WHY.get(b.why, (b.smtp, b.fail.human))
    domain = b.rcpt.split("@")[1]
    headline = headline.format(rcpt=b.rcpt, domain=domain)
    tenant = "hoaangov.onmicrosoft.com" if b.n % 2 else "xa.example.vn"
    vi = b.note == "vi"
    if b.delay:
        prefix = "Delivery delayed: "
        plain = (
            "Delivery is delayed to these recipients or groups:\n\n"
            f"{b.rcpt} ({b.rcpt})\n\n"
            f"Subject: {SUBJECTS[b.unit]}\n\n"
            "This message hasn't been delivered yet. Delivery will continue to be attempted.\n\n"
            "The server will keep trying to deliver this message for the next 1 days, 19 hours and 52 minutes. "
            "You'll be notified if the message can't be delivered by that time.\n\n"
        )
    else:
        prefix = _NDR_VI["subject"] if vi else "Undeliverable: "
        plain = (
            (_NDR_VI["couldnt"].format(rcpt=b.rcpt) if vi else f"Your message to {b.rcpt} couldn't be delivered.")
            + f"\n{headline}\n"
            f"dondoc        Office 365        {b.rcpt.split('@')[0]}\n"
            f"{_NDR_VI['action'] if vi else 'Action Required'}                Recipient\n"
            f"{'Unknown To address' if b.why == 'unknown' else 'Delivery failure'}\n\n"
            f"{_NDR_VI['fix'] if vi else 'How to Fix It'}\n"
            "The address may be misspelled or may not exist. Try one or more of the following:\n\n"
            "  *   Send the message again following these steps: In Outlook, open this non-delivery report (NDR) and choose Send Again from the Report ribbon.\n"
            "  *   Contact the recipient by some other means to verify the address.\n\n"
            "Was this helpful? Send feedback to Microsoft<https://go.microsoft.com/fwlink/?LinkId=525921>.\n"
            "________________________________\n\n"
        )
    plain += (
        "More Info for Email Admins\n"
        f"Status code: {smtp.split()[1]}\n\n"
        "Original Message Details\n"
        "Created Date:        3/16/2026 12:30:00 AM\n"
        f"Sender Address:      {DONDOC}\n"
        f"Recipient Address:   {b.rcpt}\n"
        f"Subject:             {SUBJECTS[b.unit]}\n\n"
        "Error Details\n"
        f"Reported error:      {smtp}\n"
        "DSN generated by:    SEZPR06MB5269.apcprd06.prod.outlook.com\n\n"
        "Message Hops\n"
        "HOP    TIME (UTC)    FROM    TO    WITH    RELAY TIME\n"
        "1    3/16/2026\n12:30:03 AM    mx.xa.example.vn    SG2PEPF00000A.mail.protection.outlook.com    Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)    3 sec\n"
        "2    3/16/2026\n12:30:04 AM    SG2PEPF00000A.apcprd02.prod.outlook.com    SEZPR06MB5269.apcprd06.prod.outlook.com    Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)    1 sec\n\n"
        "Original Message Headers\n\n" + header_block(b.unit, literal=True)
    )
    outer = f"_000_{b.ident(20).upper()}_"
    alt = f"_002_{b.ident(20).upper()}_"
    alternative = multipart("alternative", alt, [
        text(plain, charset="utf-8", cte="quoted-printable"),
        text(_o365_html(b, smtp, headline, tenant), "html", charset="utf-8", cte="quoted-printable"),
    ])
    status = Part([("Content-Type", "message/delivery-status")], (
        "Reporting-MTA: dns;SEZPR06MB5269.apcprd06.prod.outlook.com\n"
        "Received-From-MTA: dns;mx.xa.example.vn\n"
        "Arrival-Date: Mon, 16 Mar 2026 00:30:03 +0000\n\n"
        f"Final-Recipient: rfc822;{b.rcpt}\n"
        f"Action: {'delayed' if b.delay else 'failed'}\n"
        f"Status: {smtp.split()[1]}\n"
        f"Diagnostic-Code: smtp;{smtp}\n"
        f"X-Display-Name: {b.rcpt.split('@')[0]}\n"
    ).encode())
    returned = [Part([("Content-Type", "message/rfc822")], whole(b.unit).encode())] if b.returned == "whole" else [
        Part([("Content-Type", "text/rfc822-headers")], header_block(b.unit).encode())]
    root = multipart("report", outer, [alternative, status, *returned], extra=" report-type=delivery-status;")
    sender = f"MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@{tenant}"
    headers = [
        *_arrival(b, "SG2PEPF00000A.mail.protection.outlook.com", "40.107.215.98"),
        ("From", f"Microsoft Outlook <{sender}>" if b.n % 3 else f"postmaster@{tenant}"),
        ("To", f"<{DONDOC}>"),
        ("Date", "{{DATE}}"),
        ("Content-Language", "vi-VN" if vi else "en-US"),
        ("Message-ID", f"<{b.ident(8)}-{b.ident(4)}-4c1e-9f1a-{b.ident(12)}@SEZPR06MB5269.apcprd06.prod.outlook.com>"),
        ("In-Reply-To", f"{{{{MESSAGE_ID:{b.unit}}}}}"),
        ("References", f"{{{{MESSAGE_ID:{b.unit}}}}}"),
        ("Subject", encoded_words(prefix, "utf-8", "B") + f" {{{{SUBJECT:{b.unit}}}}}" if vi else f"{prefix}{{{{SUBJECT:{b.unit}}}}}"),
        ("Thread-Topic", f"{{{{SUBJECT:{b.unit}}}}}"),
        ("Thread-Index", "AQHctNh0kS3x9dH6Ekq3pD0ZJ+Z8QQ=="),
        ("X-MS-Exchange-Message-Is-Ndr", ""),
        ("X-MS-Has-Attach", "yes" if b.returned == "whole" else ""),
        ("X-MS-TNEF-Correlator", ""),
        ("X-MS-PublicTrafficType", "Email"),
        ("X-MS-TrafficTypeDiagnostic", "SEZPR06MB5269:EE_|KL1PR06MB6395:EE_"),
        ("X-MS-Exchange-CrossTenant-Network-Message-Id", f"{b.ident(8)}-8b2d-4e7e-a6c1-08de62b1{b.ident(4)}"),
        ("MIME-Version", "1.0"),
    ]
    if b.n % 2 == 0:
        headers.append(("Auto-Submitted", "auto-replied"))
    return _case(b, message(headers, root, crlf=True), f"multipart/report with multipart/alternative (text + HTML NDR), {_rp(b)}, returned {b.returned}",
                 f"Office 365 {'delay' if b.delay else 'NDR'} ({smtp.split()[1]}) for {b.rcpt}" + (" in Vietnamese" if vi else ""),
                 "vi" if vi else "en")


def exchange_onprem(b: Bounce) -> Case:
    host = "EX01.hoaan.local"
    version = {0: "2003", 1: "2010", 2: "2016"}[b.n % 3]
    if version == "2003":
        plain = (
            "Your message did not reach some or all of the intended recipients.\n\n"
            f"      Subject:\t{SUBJECTS[b.unit]}\n      Sent:\t3/16/2026 7:30 AM\n\n"
            "The following recipient(s) cannot be reached:\n\n"
            f"      {b.rcpt} on 3/16/2026 7:31 AM\n"
            "            The e-mail account does not exist at the organization this message was sent to.  "
            "Check the e-mail address, or contact the recipient directly to find out the correct address.\n"
            f"            <{host} #{b.fail.status} smtp;{b.smtp}>\n"
        )
        prefix = "Undeliverable: "
    elif b.delay:
        plain = (
            "Delivery is delayed to these recipients or groups:\n\n"
            f"{b.rcpt}\n\nSubject: {SUBJECTS[b.unit]}\n\n"
            "This message hasn't been delivered yet. Delivery will continue to be attempted.\n\n"
            "The server will keep trying to deliver this message for the next 1 days, 19 hours and 57 minutes. "
            "You'll be notified if the message can't be delivered by that time.\n\n"
            f"Diagnostic information for administrators:\n\nGenerating server: {host}\nReceiving server: {b.remote}\n\n"
            f"{b.rcpt}\nRemote Server at {b.remote} returned '400 4.4.7 Message delayed'\n"
        )
        prefix = "Delivery delayed:"
    else:
        plain = (
            "Delivery has failed to these recipients or groups:\n\n"
            f"{b.rcpt}<mailto:{b.rcpt}>\n"
            "The e-mail address you entered couldn't be found. Please check the recipient's e-mail address and try to resend the message. "
            "If the problem continues, please contact your helpdesk.\n\n\n\n\n\n"
            f"Diagnostic information for administrators:\n\nGenerating server: {host}\n\n"
            f"{b.rcpt}\n{b.remote}\nRemote Server returned '{b.smtp}'\n\n"
            "Original message headers:\n\n" + header_block(b.unit, literal=True)
        )
        prefix = "Undeliverable: "
    outer = f"_000_{b.ident(16).upper()}EX01hoaanlocal_"
    first = text(plain, charset="utf-8", cte="base64" if version == "2003" else "quoted-printable")
    if version != "2003":
        html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body>" + \
            "<p><b><font color=\"#000066\" size=\"3\" face=\"Arial\">" + ("Delivery is delayed to these recipients or groups:" if b.delay else "Delivery has failed to these recipients or groups:") + \
            f"</font></b></p><font color=\"#000000\" size=\"2\" face=\"Tahoma\"><p><a href=\"mailto:{b.rcpt}\">{b.rcpt}</a><br>" + \
            "The e-mail address you entered couldn't be found.</p></font>" + \
            f"<font color=\"#808080\" size=\"2\" face=\"Tahoma\"><p><b>Diagnostic information for administrators:</b></p><p>Generating server: {host}</p><p>{b.rcpt}<br>{b.remote}<br>Remote Server returned '{b.smtp}'</p></font></body></html>\n"
        first = multipart("alternative", f"_002_{b.ident(16).upper()}_", [first, text(html, "html", cte="quoted-printable")])
    status = Part([("Content-Type", "message/delivery-status")], (
        f"Reporting-MTA: dns;{host}\nReceived-From-MTA: dns;EX01.hoaan.local\nArrival-Date: Mon, 16 Mar 2026 00:30:03 +0000\n\n"
        f"Final-Recipient: rfc822;{b.rcpt}\nAction: {'delayed' if b.delay else 'failed'}\nStatus: {b.fail.status}\n"
        f"Remote-MTA: dns;{b.remote}\nX-Supplementary-Info: <{b.remote} #{b.fail.status} smtp;{b.smtp}>\n"
    ).encode())
    returned = [Part([("Content-Type", "message/rfc822")], whole(b.unit).encode())] if b.returned == "whole" else [
        Part([("Content-Type", "text/rfc822-headers")], header_block(b.unit).encode())]
    root = multipart("report", outer, [first, status, *returned], extra=" report-type=delivery-status;")
    headers = [
        *_arrival(b, "mail.hoaan.gov.vn", "113.160.12.34"),
        ("From", f"System Administrator <postmaster@{b.host}>" if version == "2003" else f"Microsoft Exchange <postmaster@{b.host}>"),
        ("To", f"<{DONDOC}>"),
        ("Date", "{{DATE}}"),
        ("Subject", f"{prefix} {{{{SUBJECT:{b.unit}}}}}".replace(":  ", ": ")),
        ("Thread-Topic", f"{{{{SUBJECT:{b.unit}}}}}"),
        ("Message-ID", f"<{b.ident(16).upper()}@{host}>"),
        ("X-MS-Has-Attach", "yes" if b.returned == "whole" else ""),
        ("X-MS-TNEF-Correlator", ""),
        ("X-MS-Exchange-Organization-SCL", "-1"),
        ("Content-Language", "en-US"),
        ("MIME-Version", "1.0"),
    ]
    if version != "2003":
        headers.append(("X-MS-Exchange-Message-Is-Ndr", ""))
        headers.append(("In-Reply-To", f"{{{{MESSAGE_ID:{b.unit}}}}}"))
    return _case(b, message(headers, root, crlf=True), f"multipart/report (Exchange {version}), {_rp(b)}, returned {b.returned}",
                 f"Exchange {version} on-premises {'delay' if b.delay else 'NDR'} ({b.fail.status}) for {b.rcpt}")


# ---------------------------------------------------------------- Gmail

_GMAIL = {
    "unknown": ("** Address not found **", "Your message wasn't delivered to {rcpt} because the address couldn't be found, or is unable to receive mail.",
                "https://support.google.com/mail/?p=NoSuchUser",
                "550 5.1.1 The email account that you tried to reach does not exist. Please try\n550 5.1.1 double-checking the recipient's email address for typos or\n550 5.1.1 unnecessary spaces. For more information, go to\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser d9443c01a7336-2ff6e91c2b1si54321a91.312 - gsmtp"),
    "full": ("** Message not delivered **", "Your message couldn't be delivered to {rcpt} because the remote server's mailbox is full.",
             "https://support.google.com/mail/?p=OverQuotaPerm",
             "552 5.2.2 The recipient's inbox is out of storage space. Please direct the\n552 5.2.2 recipient to\n552 5.2.2  https://support.google.com/mail/?p=OverQuotaPerm - gsmtp"),
    "spam": ("** Message blocked **", "Your message to {rcpt} has been blocked. See technical details below for more information.",
             "https://support.google.com/mail/?p=BlockedMessage",
             "550 5.7.1 [203.162.4.190] Our system has detected that this message is likely\n550 5.7.1 unsolicited mail. To reduce the amount of spam sent to Gmail, this\n550 5.7.1 message has been blocked. - gsmtp"),
    "ptr": ("** Message blocked **", "Your message to {rcpt} has been blocked. See technical details below for more information.",
            "https://support.google.com/mail/?p=NotAuthorizedError",
            "550 5.7.25 [203.162.4.190] The IP address sending this message does not have a\n550 5.7.25 PTR record setup, or the corresponding forward DNS entry does not\n550 5.7.25 point to the sending IP. As a policy, Gmail does not accept messages\n550 5.7.25 from IPs with missing PTR records. - gsmtp"),
    "dmarc": ("** Message blocked **", "Your message to {rcpt} has been blocked. See technical details below for more information.",
              "https://support.google.com/mail/?p=DmarcRejection",
              "550 5.7.26 Unauthenticated email from xa.example.vn is not accepted due to\n550 5.7.26 domain's DMARC policy. Please contact the administrator of\n550 5.7.26 xa.example.vn domain if this was a legitimate mail. - gsmtp"),
    "greylist": ("** Delivery incomplete **", "There was a temporary problem delivering your message to {rcpt}. Gmail will retry for 46 more hours. You'll be notified if the delivery fails permanently.",
                 "https://support.google.com/mail/?p=DeliveryFailure", "451 4.7.1 Greylisting in action, please come back later"),
    "timeout": ("** Delivery incomplete **", "There was a temporary problem delivering your message to {rcpt}. Gmail will retry for 46 more hours. You'll be notified if the delivery fails permanently.",
                "https://support.google.com/mail/?p=DeliveryFailure", "The recipient server did not accept our requests to connect."),
}
_ICON = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000010000000100806000000" "1ff3ff61"
    "0000002b49444154789c63fcffff3f03258011dd00469201a30646a3060c"
    "1b036a3de031608c1a306ad400184b0c11ae5fa9d90000000049454e44ae426082"
)


def gmail(b: Bounce) -> Case:
    head, told, link, response = _GMAIL.get(b.why, _GMAIL["unknown"])
    told = told.format(rcpt=b.rcpt)
    plain = f"\n{head}\n\n{told}\n\nLearn more here: {link}\n\nThe response {'from the remote server ' if b.delay else ''}was:\n\n{response}\n"
    html = (
        '\n<html>\n<head>\n<style>\n* {\nfont-family:Roboto, "Helvetica Neue", Helvetica, Arial, sans-serif;\n}\n</style>\n</head>\n<body>\n'
        '<table cellpadding="0" cellspacing="0" class="email-wrapper" style="padding-top:32px;background-color:#ffffff;"><tbody>\n'
        '<tr><td>\n<table cellpadding=0 cellspacing=0><tbody>\n'
        '<tr><td style="max-width:560px;padding:24px 24px 32px;background-color:#fafafa;border:1px solid #e0e0e0;border-radius:2px">\n'
        '<img style="padding:0 24px 16px 0;float:left" width=72 height=72 alt="Error Icon" src="cid:icon.png">\n'
        f'<table style="min-width:272px;padding-top:8px"><tbody>\n<tr><td><h2 style="font-size:20px;color:#212121;font-weight:bold;margin:0">\n{head.strip("* ")}\n</h2></td></tr>\n'
        f'<tr><td style="padding-top:20px;color:#757575;font-size:16px;font-weight:normal;text-align:left">\n{told}\n</td></tr>\n'
        f'<tr><td style="padding-top:24px;color:#4285F4;font-size:14px;font-weight:bold;text-align:left">\n<a style="text-decoration:none" href="{link}">LEARN MORE</a>\n</td></tr>\n'
        '</tbody></table>\n</td></tr>\n</tbody></table>\n</td></tr>\n'
        f'<tr style="border:none;background-color:#fff;font-size:12.8px;width:90%">\n<td align="left" style="padding:48px 10px">\nThe response was:<br/>\n<p style="font-family:monospace">\n{response.replace(chr(10), "<br>")}\n</p>\n</td>\n</tr>\n'
        '</tbody></table>\n</body>\n</html>\n'
    )
    alt = multipart("alternative", f"000000000000{b.ident(16)}", [
        text(plain, charset="UTF-8", cte="", quote_charset=True),
        text(html, "html", charset="UTF-8", cte="", quote_charset=True),
    ])
    icon = attachment("image/png; name=\"icon.png\"", _ICON, "", extra=[("Content-ID", "<icon.png>")])
    related = multipart("related", f"000000000000{b.ident(15)}0", [alt, icon])
    status = Part([("Content-Type", "message/delivery-status")], (
        "Reporting-MTA: dns; googlemail.com\n"
        f"Received-From-MTA: dns; {DONDOC}\n"
        f"Arrival-Date: Sun, 15 Mar 2026 17:30:03 -0700 (PDT)\nX-Original-Message-ID: {{{{MESSAGE_ID:{b.unit}}}}}\n\n"
        f"Final-Recipient: rfc822; {b.rcpt}\nAction: {'delayed' if b.delay else 'failed'}\nStatus: {b.fail.status}\n"
        f"Remote-MTA: dns; {b.remote}. (113.160.12.34, the server for the domain {b.rcpt.split('@')[1]}.)\n"
        f"Diagnostic-Code: smtp; {response.splitlines()[0]}\n"
        f"Last-Attempt-Date: Sun, 15 Mar 2026 17:31:04 -0700 (PDT)\n"
        + ("Will-Retry-Until: Wed, 18 Mar 2026 17:30:03 -0700 (PDT)\n" if b.delay else "")
    ).encode())
    returned = [Part([("Content-Type", "message/rfc822")], whole(b.unit).encode())] if b.returned == "whole" else [
        Part([("Content-Type", "text/rfc822-headers")], header_block(b.unit).encode())]
    root = multipart("report", f"000000000000{b.ident(16)}", [related, status, *returned], extra=" report-type=delivery-status;")
    headers = [
        *_arrival(b, "mail-sor-f69.google.com", "209.85.220.69"),
        ("DKIM-Signature", "v=1; a=rsa-sha256; c=relaxed/relaxed;\n        d=googlemail.com; s=20230601; t=1773624664; x=1774229464; dara=google.com;\n        h=in-reply-to:references:subject:from:date:message-id:auto-submitted\n         :to:from:to:cc:subject:date:message-id:reply-to;\n        bh=" + b.ident(43) + "=;\n        b=" + b.ident(64)),
        ("X-Failed-Recipients", b.rcpt),
        ("Content-Type", "placeholder"),
        ("To", DONDOC),
        ("Auto-Submitted", "auto-replied"),
        ("Message-ID", f"<{b.ident(8)}.050a0220.{b.ident(6)}.{b.ident(4)}.GMR@mx.google.com>"),
        ("Date", "{{DATE}}"),
        ("From", "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"),
        ("Subject", f"Delivery Status Notification ({'Delay' if b.delay else 'Failure'})"),
        ("References", f"{{{{MESSAGE_ID:{b.unit}}}}}"),
        ("In-Reply-To", f"{{{{MESSAGE_ID:{b.unit}}}}}"),
        ("X-Gm-Message-State", "AOJu0Yw" + b.ident(40)),
    ]
    headers = [h for h in headers if h[0] != "Content-Type"]
    root.headers.insert(0, ("MIME-Version", "1.0"))
    return _case(b, message(headers, root), f"multipart/report > multipart/related (text, HTML, inline icon.png), {_rp(b)}, returned {b.returned}",
                 f"Gmail {'delay' if b.delay else 'failure'} DSN ({b.fail.status}) for {b.rcpt}, with its inline icon.png (Content-ID)")


# ---------------------------------------------------------------- Yahoo


def yahoo(b: Bounce) -> Case:
    body = (
        "Sorry, we were unable to deliver your message to the following address.\n\n"
        f"<{b.rcpt}>:\n{b.smtp.split(' ', 1)[0]}: {b.smtp.split(' ', 1)[1]}\n\n"
        "--- Below this line is a copy of the message.\n\n" + (header_block(b.unit) if b.returned == "headers" else whole(b.unit))
    )
    headers = [
        *_arrival(b, "sonic301-2.consmr.mail.sg3.yahoo.com", "106.10.242.138"),
        ("X-Yahoo-Newman-Property", "ymail-3"),
        ("Date", "{{DATE}}"),
        ("From", "MAILER-DAEMON@yahoo.com"),
        ("To", DONDOC),
        ("Subject", "Failure Notice"),
        ("X-Yahoo-Newman-Id", f"{b.ident(9)}-m{b.n}"),
    ]
    if b.note == "mime":
        headers += [("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=us-ascii")]
    return _case(b, message(headers, Part([], body.encode())), f"text/plain (qmail-derived), {_rp(b)}, returned {b.returned} inline",
                 f"Yahoo 'Failure Notice' ({b.fail.status}) for {b.rcpt}")


# ---------------------------------------------------------------- Lotus Domino


def domino(b: Bounce) -> Case:
    user = b.rcpt.split("@")[0]
    if b.delay:
        subject = f"DELIVERY DELAYED: {b.smtp}"
        plain = f"Your message\n\n  Subject: {SUBJECTS[b.unit]}\n\nhas not yet been delivered to:\n\n  {b.rcpt}\n\nbecause:\n\n  {b.smtp}\n\nThe router will retry for the next 24 hours.\n"
    elif b.why == "unknown":
        subject = f"DELIVERY FAILURE: User {user} ({b.rcpt}) not listed in Domino Directory"
        plain = f"Your message\n\n  Subject: {SUBJECTS[b.unit]}\n\nwas not delivered to:\n\n  {b.rcpt}\n\nbecause:\n\n  User {user} ({b.rcpt}) not listed in Domino Directory\n"
    else:
        subject = f"DELIVERY FAILURE: Error transferring to {b.remote}; SMTP Protocol Returned a Permanent Error {b.smtp}"
        plain = f"Your message\n\n  Subject: {SUBJECTS[b.unit]}\n\nwas not delivered to:\n\n  {b.rcpt}\n\nbecause:\n\n  Error transferring to {b.remote}; SMTP Protocol Returned a Permanent Error {b.smtp}\n"
    headers = [
        *_arrival(b, "notes.hoaan.gov.vn", "113.160.12.40"),
        ("To", DONDOC),
        ("From", "Postmaster@hoaan.gov.vn" if b.n % 2 else f"Mail Router <postmaster@{b.host}>"),
        ("Subject", subject),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<OF{b.ident(8).upper()}.{b.ident(8).upper()}-ON47258D8E.0008A3F1-47258D8E.0008A3F2@hoaan.gov.vn>"),
        ("X-MIMETrack", "Serialize by Router on NOTES01/HOAAN(Release 9.0.1FP10|January 10, 2018) at\n 16/03/2026 08:31:04 AM"),
        ("MIME-Version", "1.0"),
    ]
    if b.note == "plain":
        root = Part([("Content-type", "text/plain; charset=US-ASCII")], (plain + "\n" + header_block(b.unit)).encode())
        shape = "text/plain"
    else:
        status = Part([("Content-Type", "message/delivery-status")], _status_fields(b, "notes.hoaan.gov.vn").encode())
        root = multipart("report", f"=_related 0008A3F347258D8E_={b.n}", [
            Part([("Content-Type", "text/plain; charset=US-ASCII")], plain.encode()), status, *_returned(b)],
            extra=" report-type=delivery-status;")
        shape = "multipart/report"
    return _case(b, message(headers, root), f"{shape}, {_rp(b)}", f"Lotus Domino {subject.split(':')[0].lower()} ({b.fail.status}) for {b.rcpt}")


# ---------------------------------------------------------------- MDaemon


def mdaemon(b: Bounce) -> Case:
    if b.delay:
        subject = "Warning: Message Delivery Has Been Delayed"
        lead = (
            "The attached message has not yet been delivered to one or more recipients.\n\n"
            "MDaemon will continue trying to deliver the message. You do not need to resend it.\n\n"
        )
    else:
        subject = "Permanent Delivery Failure"
        lead = (
            "The attached message had PERMANENT fatal delivery errors!\n\n"
            "After one or more unsuccessful delivery attempts the attached message has\n"
            "been removed from the mail queue on this server.  The number and frequency\n"
            "of delivery attempts are determined by local configuration parameters.\n\n"
            "YOU DO NOT NEED TO RESEND YOUR MESSAGE TO THESE RECIPIENTS\n\n"
        )
    transcript = (
        "--- Session Transcript ---\n"
        " Mon 2026-03-16 08:31:02.123: Parsing message <md50001234567.msg>\n"
        f" Mon 2026-03-16 08:31:02.125: *  From: {DONDOC}\n"
        f" Mon 2026-03-16 08:31:02.125: *  To: {b.rcpt}\n"
        f" Mon 2026-03-16 08:31:02.125: *  Subject: {SUBJECTS[b.unit]}\n"
        f" Mon 2026-03-16 08:31:02.128: Attempting SMTP connection to [{b.remote}]\n"
        f" Mon 2026-03-16 08:31:03.311: --> RCPT TO:<{b.rcpt}>\n"
        f" Mon 2026-03-16 08:31:03.402: <-- {b.smtp}\n"
        "--- End Transcript ---\n"
    )
    boundary = f"----=_NextPart_{b.ident(3)}_{b.ident(4)}_{b.ident(8).upper()}"
    parts = [Part([("Content-Type", "text/plain; charset=\"us-ascii\""), ("Content-Transfer-Encoding", "7bit")],
                  (lead + (transcript if b.note != "txt" else "See the attached transcript.\n")).encode())]
    if b.note == "txt":
        parts.append(attachment('text/plain; name="Transcript.txt"', transcript.encode(), 'attachment; filename="Transcript.txt"',
                                cte="7bit"))
    parts.append(Part([("Content-Type", "message/rfc822"), ("Content-Disposition", "attachment")], whole(b.unit).encode()))
    root = multipart("mixed", boundary, parts, preamble="This is a multi-part message in MIME format.\n")
    headers = [
        *_arrival(b, "mail.hoaan.gov.vn", "113.160.12.35"),
        ("Date", "{{DATE}}"),
        ("From", f'"MDaemon at {b.host}" <MDaemon@{b.host}>'),
        ("To", DONDOC),
        ("Subject", subject),
        ("Message-ID", f"<MDAEMON{b.ident(12).upper()}@{b.host}>"),
        ("X-MDaemon-Deliver-To", DONDOC),
        ("X-Return-Path", "<>"),
        ("X-MDaemon-Original-Sender", DONDOC),
        ("MIME-Version", "1.0"),
        ("Auto-Submitted", "auto-generated"),
    ]
    return _case(b, message(headers, root), f"multipart/mixed with the digest as message/rfc822{' and Transcript.txt' if b.note == 'txt' else ''}, {_rp(b)}",
                 f"MDaemon {'delay warning' if b.delay else 'permanent failure'} ({b.fail.status}) for {b.rcpt}"
                 + (", session transcript attached as Transcript.txt" if b.note == "txt" else ""))


# ---------------------------------------------------------------- Amazon SES, Mailgun, SendGrid


def amazon_ses(b: Bounce) -> Case:
    boundary = f"----=_Part_{b.n}{b.ident(6)}_{1773624664 + b.n}.{1773624664123 + b.n}"
    status = Part([("Content-Type", "message/delivery-status")], (
        "Reporting-MTA: dns; a27-35.smtp-out.ap-southeast-1.amazonses.com\n\n"
        f"Action: {'delayed' if b.delay else 'failed'}\nFinal-Recipient: rfc822; {b.rcpt}\n"
        f"Diagnostic-Code: smtp; {b.smtp}\nStatus: {b.fail.status}\nRemote-MTA: dns; {b.remote}\n"
        f"X-Original-Message-ID: {{{{MESSAGE_ID:{b.unit}}}}}\n"
    ).encode())
    parts = [
        Part([("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "7bit")],
             f"An error occurred while trying to deliver the mail to the following recipients:\n{b.rcpt}\n".encode()),
        status,
        *_returned(b),
    ]
    root = multipart("report", boundary, parts, extra=" report-type=delivery-status;")
    headers = [
        *_arrival(b, "a27-35.smtp-out.ap-southeast-1.amazonses.com", "54.240.27.35"),
        ("From", "MAILER-DAEMON@amazonses.com"),
        ("To", DONDOC),
        ("Subject", "Delivery Status Notification (Failure)" if not b.delay else "Delivery Status Notification (Delay)"),
        ("MIME-Version", "1.0"),
        ("Message-ID", f"<0101019{b.ident(12)}-{b.ident(8)}-{b.ident(4)}-{b.ident(4)}-{b.ident(12)}-000000@ap-southeast-1.amazonses.com>"),
        ("Date", "{{DATE}}"),
        ("X-SES-Outgoing", "2026.03.16-54.240.27.35"),
        ("Feedback-ID", "::1.ap-southeast-1.bounce:AmazonSES"),
    ]
    return _case(b, message(headers, root), f"multipart/report, {_rp(b)}", f"Amazon SES {'delay' if b.delay else 'bounce'} ({b.fail.status}) for {b.rcpt}")


def esp_relay(b: Bounce) -> Case:
    """A bulk relay (Mailgun, SendGrid) the commune's smarthost forwards through: its MTA's DSN."""
    mailgun = b.family == "mailgun"
    host = "mxa.mailgun.org" if mailgun else "o1.ptr9041.sendgrid.net"
    boundary = b.ident(32)
    note = (
        f"This is the mail system at host {host}.\n\n"
        "Your message could not be delivered to one or more recipients.\n"
        + ("Mailgun will not retry delivery.\n" if mailgun and not b.delay else "")
        + f"\n{b.rcpt}: {b.smtp}\n"
    )
    parts = [
        Part([("Content-Type", "text/plain; charset=\"ascii\""), ("Mime-Version", "1.0"), ("Content-Transfer-Encoding", "7bit")], note.encode()),
        Part([("Content-Type", "message/delivery-status")], _status_fields(b, host).encode()),
        *_returned(b),
    ]
    root = multipart("report", boundary, parts, extra=" report-type=delivery-status;")
    extra = [("X-Mailgun-Sid", "WyI" + b.ident(24)), ("X-Mailgun-Native-Send", "true")] if mailgun else [
        ("X-SG-EID", "u001." + b.ident(40)), ("X-Entity-ID", "u001." + b.ident(22))]
    headers = [
        *_arrival(b, host, "198.61.254.21" if mailgun else "167.89.101.2"),
        ("Mime-Version", "1.0"),
        ("From", f"Mail Delivery System <mailer-daemon@{host}>" if mailgun else f"MAILER-DAEMON <mailer-daemon@{host}>"),
        ("To", DONDOC),
        ("Subject", "Delivery Status Notification (Failure)" if not b.delay else "Delivery Status Notification (Delay)"),
        ("In-Reply-To", f"{{{{MESSAGE_ID:{b.unit}}}}}"),
        ("Date", "{{DATE}}"),
        ("Message-Id", f"<{b.ident(24)}@{host}>"),
        *extra,
    ]
    return _case(b, message(headers, root), f"multipart/report, {_rp(b)}",
                 f"{'Mailgun' if mailgun else 'SendGrid'} relay DSN ({b.fail.status}) for {b.rcpt}")


# ---------------------------------------------------------------- hMailServer, MailEnable


def hmailserver(b: Bounce) -> Case:
    body = (
        "Your message did not reach some or all of the intended recipients.\n\n"
        f"   Sent: Mon, 16 Mar 2026 07:30:00 +0700\n   Subject: {SUBJECTS[b.unit]}\n\n"
        "The following recipient(s) could not be reached:\n\n"
        f"{b.rcpt}\n   Error Type: SMTP\n   Remote server (113.160.12.34) issued an error.\n"
        f"   hMailServer sent: RCPT TO:<{b.rcpt}>\n   Remote server replied: {b.smtp}\n\n"
        "hMailServer\n"
    )
    headers = [
        *_arrival(b, b.host, "113.160.12.36"),
        ("Message-ID", f"<{b.ident(8).upper()}-{b.ident(4).upper()}-{b.ident(4).upper()}-{b.ident(4).upper()}-{b.ident(12).upper()}@{b.host}>"),
        ("MIME-Version", "1.0"),
        ("From", f"mailer-daemon@{b.host}"),
        ("To", DONDOC),
        ("Date", "{{DATE}}"),
        ("Subject", f"Message undeliverable: {{{{SUBJECT:{b.unit}}}}}"),
        ("Content-Type", "text/plain; charset=\"utf-8\""),
        ("Content-Transfer-Encoding", "quoted-printable"),
    ]
    from .mime import qp
    return _case(b, message(headers, Part([], qp(body.encode()).encode())), f"text/plain quoted-printable, {_rp(b)}, subject carries the digest's",
                 f"hMailServer 'Message undeliverable' ({b.fail.status}) for {b.rcpt}")


def mailenable(b: Bounce) -> Case:
    body = (
        f"Message delivery to '{b.rcpt}' failed.\n"
        f"Remote system returned: {b.smtp}\n\n"
        "The message has been returned below.\n"
    )
    boundary = f"----=_NextPart_000_{b.ident(4).upper()}_01DCB4D8.{b.ident(8).upper()}"
    parts = [
        Part([("Content-Type", "text/plain; charset=\"us-ascii\""), ("Content-Transfer-Encoding", "7bit")], body.encode()),
        Part([("Content-Type", "message/rfc822"), ("Content-Disposition", "attachment")], whole(b.unit).encode()),
    ]
    root = multipart("mixed", boundary, parts, preamble="This is a multi-part message in MIME format.\n")
    headers = [
        *_arrival(b, b.host, "113.160.12.37"),
        ("From", f"\"Postmaster\" <postmaster@{b.host}>"),
        ("To", DONDOC),
        ("Subject", f"Delivery Failure: {{{{SUBJECT:{b.unit}}}}}" if not b.delay else f"Delivery Delayed: {{{{SUBJECT:{b.unit}}}}}"),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<ME-{b.ident(10).upper()}@{b.host}>"),
        ("MIME-Version", "1.0"),
        ("X-Mailer", "MailEnable Postoffice Connector"),
    ]
    return _case(b, message(headers, root), f"multipart/mixed with the digest as message/rfc822, {_rp(b)}",
                 f"MailEnable delivery failure ({b.fail.status}) for {b.rcpt}")


# ---------------------------------------------------------------- Zimbra (Postfix + amavis), Vietnamese providers


def zimbra(b: Bounce) -> Case:
    case = postfix(replace(b, host=b.host))
    raw = case.raw.replace(b"Auto-Submitted: auto-replied\n", b"Auto-Submitted: auto-replied\nX-Virus-Scanned: amavisd-new at hoaan.gov.vn\nX-Spam-Flag: NO\nX-Spam-Score: -0.9\n")
    return replace(case, raw=raw, family="zimbra", file=case.file.replace("postfix-", "zimbra-"),
                   what=case.what.replace("Postfix", "Zimbra (Postfix MTA, amavis)"))


_VN_TEXT = {
    "plain": (
        "Thông báo từ hệ thống thư điện tử {host}\n\n"
        "Thư của bạn không thể chuyển đến một hoặc nhiều người nhận dưới đây.\n\n"
        "Người nhận: {rcpt}\n"
        "Lý do: {vi}\n"
        "Chi tiết kỹ thuật: {smtp}\n\n"
        "Đây là thư tự động từ hệ thống, vui lòng không trả lời thư này.\n"
        "Mọi thắc mắc xin liên hệ bộ phận kỹ thuật: hotro@{domain} - ĐT: 1900 6680.\n"
    ),
    "delay": (
        "Thông báo từ hệ thống thư điện tử {host}\n\n"
        "CHỈ LÀ CẢNH BÁO - BẠN KHÔNG CẦN GỬI LẠI THƯ.\n\n"
        "Thư của bạn chưa được chuyển đến người nhận sau 4 giờ.\n"
        "Hệ thống sẽ tiếp tục thử gửi lại trong 5 ngày.\n\n"
        "Người nhận: {rcpt}\n"
        "Lý do: {vi}\n"
        "Chi tiết kỹ thuật: {smtp}\n"
    ),
}
_VN_HOSTS = ["mail.vnpt.vn", "mail.viettel.vn", "mx01.matbao.net", "mail.pavietnam.vn", "mx.nhanhoa.com",
             "mail.hanoi.gov.vn", "mail.danang.gov.vn", "thudientu.quangnam.gov.vn", "mail.fpt.vn", "mx.tenten.vn"]


def vn_provider(b: Bounce) -> Case:
    host = _VN_HOSTS[b.n % len(_VN_HOSTS)]
    domain = host.split(".", 1)[1]
    words = _VN_TEXT["delay" if b.delay else "plain"].format(host=host, rcpt=b.rcpt, vi=b.fail.vi, smtp=b.smtp, domain=domain)
    subject = "Cảnh báo: thư chậm chuyển phát" if b.delay else ["Thư không gửi được", "Thông báo: thư bị trả lại",
                                                               "Không thể chuyển thư", "Lỗi gửi thư"][b.n % 4]
    shape = b.note or "report"
    if b.returned == "text":  # the digest printed back, decoded, in the notification itself
        words += "\n------------ Nội dung thư gốc ------------\n" + f"Tiêu đề: {SUBJECTS[b.unit]}\n\n" + reminder_text(b.unit) + "\n"
    if shape == "text":
        root = text(words, charset="UTF-8", cte="base64" if b.n % 2 else "quoted-printable")
    elif shape == "mixed-txt":
        details = (
            f"Reporting-MTA: dns; {host}\nArrival-Date: Mon, 16 Mar 2026 07:30:02 +0700\n\n"
            f"Final-Recipient: rfc822; {b.rcpt}\nAction: failed\nStatus: {b.fail.status}\nDiagnostic-Code: smtp; {b.smtp}\n"
        )
        root = multipart("mixed", f"=_{b.ident(24)}", [
            text(words, charset="UTF-8", cte="quoted-printable"),
            attachment('text/plain; charset=UTF-8; name="ChiTietLoi.txt"', details.encode(), 'attachment; filename="ChiTietLoi.txt"'),
            Part([("Content-Type", "message/rfc822"), ("Content-Disposition", "attachment; filename=\"ThuGoc.eml\"")], whole(b.unit).encode()),
        ])
    else:
        status = Part([("Content-Type", "message/delivery-status")], _status_fields(b, host).encode())
        root = _report(f"{postfix_id(b.family, b.n)}.{1773625864 + b.n}/{host}", [
            text(words, charset="UTF-8", cte="8bit", extra=[("Content-Description", "Thông báo")]), status, *_returned(b)])
    headers = [
        *_arrival(b, host, "203.162.0.181"),
        ("Date", "{{DATE}}"),
        ("From", encoded_words("Hệ thống thư điện tử", "UTF-8", "B" if b.n % 2 else "Q") + f" <MAILER-DAEMON@{host}>" if b.n % 3 else f"postmaster@{host}"),
        ("To", DONDOC),
        ("Subject", encoded_words(subject, "UTF-8", "B" if b.n % 2 else "Q")
         + (encoded_words(": ", "UTF-8", "B") + f" {{{{SUBJECT:{b.unit}}}}}" if shape == "mixed-txt" else "")),
        ("Message-ID", f"<{postfix_id(b.family, b.n, 'vn')}@{host}>"),
        ("MIME-Version", "1.0"),
    ]
    if b.n % 4 == 1:
        headers.append(("Auto-Submitted", "auto-replied"))
    return _case(b, message(headers, root), f"{'multipart/report' if shape == 'report' else 'text/plain' if shape == 'text' else 'multipart/mixed with ChiTietLoi.txt and ThuGoc.eml'}, {_rp(b)}",
                 f"Vietnamese provider {host}: bounce written in Vietnamese ({b.fail.status}) for {b.rcpt}"
                 + (", the digest printed back decoded" if b.returned == "text" else ""), "vi")


FAMILIES: dict[str, Callable[[Bounce], Case]] = {
    "postfix": postfix, "exim": exim, "sendmail-old": sendmail_old, "sendmail-new": sendmail_new,
    "qmail": qmail, "opensmtpd": opensmtpd, "courier": courier, "office365": office365,
    "exchange": exchange_onprem, "gmail": gmail, "yahoo": yahoo, "domino": domino, "mdaemon": mdaemon,
    "amazon-ses": amazon_ses, "mailgun": esp_relay, "sendgrid": esp_relay, "hmailserver": hmailserver,
    "mailenable": mailenable, "zimbra": zimbra, "vn-provider": vn_provider,
}

# For each family: (failure, whose digest, return path, what is returned, note) — one per message.
_RCPT = {
    "vp": ["vanphong@xa.example.vn", "nguyenthilan.vp@gmail.com", "lan.nguyenthi@vnpt.vn"],
    "vhxh": ["vhxh.xa@gmail.com", "vhxh@xa.example.vn", "minhtuan.vhxh@yahoo.com.vn"],
    "kinh-te": ["kinhte@xa.example.vn", "hoanthanh.kt@gmail.com", "dung.levan@viettel.vn"],
    "committee": ["chutich@xa.example.vn", "lethimai.pct@xa.example.vn", "nguyenvanhung.ct@hoaan.gov.vn"],
}
_WHO = ["kinh-te", "vp", "vhxh", "committee"]
_PATHS = ["<>", "<>", "", "<MAILER-DAEMON@{host}>", "<>", "<postmaster@{host}>"]

PLAN: dict[str, list[tuple[str, str, str]]] = {
    # family: [(why, returned, note), ...]
    "postfix": [("unknown", "headers", ""), ("full", "headers", ""), ("ptr", "whole", ""), ("greylist", "headers", ""),
                ("timeout", "headers", ""), ("spam", "whole", ""), ("dmarc", "headers", ""), ("relay", "none", ""),
                ("big", "headers", ""), ("quota", "whole", ""), ("unknown", "whole", ""), ("full", "none", ""),
                ("timeout", "whole", ""), ("unknown", "headers", "")],
    "exim": [("unknown", "whole", "plain"), ("full", "headers", "plain"), ("greylist", "headers", "plain"),
             ("spam", "whole", ""), ("unknown", "headers", ""), ("quota", "headers", ""), ("ptr", "whole", "plain"),
             ("relay", "headers", ""), ("dmarc", "whole", ""), ("timeout", "headers", "plain"), ("big", "headers", "plain"),
             ("unknown", "none", "")],
    "sendmail-old": [("unknown", "whole", ""), ("full", "headers", ""), ("greylist", "whole", ""), ("relay", "whole", ""),
                     ("unknown", "headers", ""), ("spam", "whole", ""), ("timeout", "headers", "")],
    "sendmail-new": [("unknown", "headers", ""), ("full", "whole", ""), ("quota", "headers", ""), ("spam", "headers", ""),
                     ("unknown", "whole", ""), ("greylist", "headers", ""), ("dmarc", "headers", "")],
    "qmail": [("unknown", "whole", ""), ("full", "whole", ""), ("spam", "headers", ""), ("relay", "whole", "mime"),
              ("unknown", "headers", "mime"), ("ptr", "whole", ""), ("full", "headers", ""), ("unknown", "whole", "mime"),
              ("spam", "whole", "")],
    "opensmtpd": [("unknown", "whole", ""), ("ptr", "whole", "blocked-line"), ("greylist", "headers", ""), ("full", "whole", "text"),
                  ("unknown", "headers", "text"), ("ptr", "headers", "blocked-line"), ("timeout", "whole", ""),
                  ("spam", "text", "text")],
    "courier": [("unknown", "headers", ""), ("full", "whole", ""), ("greylist", "headers", ""), ("relay", "headers", "at-sign"),
                ("spam", "whole", ""), ("timeout", "headers", "")],
    "office365": [("unknown", "headers", ""), ("full", "whole", ""), ("spam", "headers", ""), ("relay", "headers", ""),
                  ("big", "whole", ""), ("dmarc", "headers", ""), ("greylist", "headers", ""), ("unknown", "whole", "vi"),
                  ("full", "headers", "vi"), ("timeout", "headers", ""), ("quota", "whole", ""), ("unknown", "headers", ""),
                  ("ptr", "headers", ""), ("spam", "whole", "vi")],
    "exchange": [("unknown", "whole", ""), ("full", "headers", ""), ("greylist", "headers", ""), ("relay", "whole", ""),
                 ("unknown", "headers", ""), ("timeout", "whole", ""), ("spam", "headers", ""), ("unknown", "headers", ""),
                 ("big", "whole", "")],
    "gmail": [("unknown", "headers", ""), ("full", "whole", ""), ("spam", "headers", ""), ("ptr", "headers", ""),
              ("dmarc", "whole", ""), ("greylist", "headers", ""), ("timeout", "headers", ""), ("unknown", "whole", ""),
              ("full", "headers", ""), ("ptr", "whole", ""), ("dmarc", "headers", ""), ("unknown", "headers", "")],
    "yahoo": [("unknown", "whole", ""), ("full", "headers", "mime"), ("spam", "whole", ""), ("unknown", "headers", "mime"),
              ("relay", "whole", ""), ("ptr", "headers", "")],
    "domino": [("unknown", "headers", ""), ("unknown", "whole", "plain"), ("full", "headers", ""), ("relay", "headers", "plain"),
               ("greylist", "headers", ""), ("spam", "whole", "")],
    "mdaemon": [("unknown", "whole", ""), ("full", "whole", "txt"), ("greylist", "whole", ""), ("spam", "whole", "txt"),
                ("relay", "whole", ""), ("timeout", "whole", "txt")],
    "amazon-ses": [("unknown", "headers", ""), ("full", "whole", ""), ("spam", "headers", ""), ("greylist", "headers", ""),
                   ("dmarc", "none", "")],
    "mailgun": [("unknown", "headers", ""), ("spam", "whole", ""), ("greylist", "headers", "")],
    "sendgrid": [("unknown", "headers", ""), ("full", "headers", ""), ("dmarc", "whole", "")],
    "hmailserver": [("unknown", "none", ""), ("full", "none", ""), ("relay", "none", ""), ("spam", "none", ""), ("greylist", "none", ""),
                    ("ptr", "none", "blocked-rcpt")],
    "mailenable": [("unknown", "whole", ""), ("full", "whole", ""), ("greylist", "whole", "")],
    "zimbra": [("unknown", "headers", ""), ("full", "whole", ""), ("quota", "headers", ""), ("spam", "headers", ""),
               ("unknown", "whole", ""), ("greylist", "whole", "")],
    "vn-provider": [("unknown", "headers", "report"), ("full", "headers", "text"), ("full", "whole", "mixed-txt"),
                    ("unknown", "text", "text"), ("spam", "headers", "report"), ("greylist", "headers", "text"),
                    ("relay", "whole", "mixed-txt"), ("unknown", "text", "mixed-txt"), ("timeout", "headers", "report"),
                    ("quota", "whole", "text"), ("dmarc", "text", "text")],
}


def all_cases() -> list[Case]:
    cases = []
    for family, rows in PLAN.items():
        for n, (why, returned, note) in enumerate(rows, 1):
            r = rng("dsn", family, n)
            unit = _WHO[(n + len(family)) % len(_WHO)]
            rcpt = _RCPT[unit][r.randrange(3)]
            host = {"gmail": "googlemail.com", "yahoo": "yahoo.com", "amazon-ses": "amazonses.com"}.get(family, "mail.hoaan.gov.vn")
            if family in ("postfix", "zimbra") and n % 3 == 0:
                host = MX  # our own MTA bounced it
            if note == "blocked-line":
                unit, rcpt = "kinh-te", "kinhte@xa.example.vn"
            if note == "blocked-rcpt":  # a failed address whose local part is a status word, at the start of a line
                unit, rcpt = "kinh-te", "blocked@mail.hoaan.gov.vn"
            if family == "vn-provider" and note == "mixed-txt" and n == 3:
                unit = "kinh-te"
            if family == "mdaemon" and note == "txt":
                unit = "kinh-te"  # a single-item digest: a stray attachment would be taken for its report
            path = _PATHS[(n + len(family)) % len(_PATHS)].format(host=host)
            if family == "courier":
                path = "<>" if n % 2 else ""
            b = Bounce(family, n, unit, rcpt, why, path, returned, host, note)
            cases.append(FAMILIES[family](b))
    return cases

