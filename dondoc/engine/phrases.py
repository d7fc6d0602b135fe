"""What mail clients and mail servers write, in the languages their users see: the tables that
``quotes`` (where a quote starts) and ``automatic`` (which mail is a robot's) match against.

Data only, written as people see it on screen; each reader folds the phrases once (no
diacritics, ``đ`` as ``d``, casefolded, single spaces) and matches folded text. Languages:
vi, en, fr, de, es, it, pt, nl, pl, da, sv, nb, ru, zh, ja, ko (the interface languages Gmail,
Outlook, Apple Mail and Thunderbird ship that units are met with), plus what servers write.
"""

from __future__ import annotations

# ---------------------------------------------------------------- quotes

# The verb of an attribution line above a quote ("On Mon, 16 Mar 2026 at 07:30, X <x@y> wrote:").
WROTE = (
    "đã viết",
    "wrote", "writes",
    "a écrit",
    "schrieb", "geschrieben",
    "escribió",
    "ha scritto",
    "escreveu",
    "schreef", "geschreven",
    "napisał", "napisała", "napisana", "pisze",
    "skrev", "skrivit",
    "написал", "написала", "пишет",
    "写道", "寫道",
    "のメール", "書きました",
    "작성", "쓴 글",
)  # fmt: skip

# The labels of a quoted message's header block (Outlook, Samsung, Zimbra, QQ, NetEase, ...), by
# the field they name. A block needs "from" and one other field, in any order.
HEADER_LABELS = {
    "from": (
        "from", "từ", "người gửi", "de", "von", "da", "van", "od", "fra", "från", "от",
        "发件人", "寄件者", "寄件人", "差出人", "送信者", "送信元", "보낸 사람", "보낸사람", "sender",
    ),
    "sent": (
        "sent", "date", "đã gửi", "gửi lúc", "ngày", "thời gian", "envoyé", "gesendet", "datum", "enviado",
        "enviado el", "enviada", "enviadas", "fecha", "inviato", "data", "verzonden", "wysłano", "wysłane",
        "sendt", "dato", "skickat", "отправлено", "дата", "发送时间", "日期", "时间", "寄件日期", "送信日時",
        "日付", "보낸 날짜", "날짜",
    ),
    "to": (
        "to", "đến", "tới", "người nhận", "à", "an", "para", "a", "aan", "do", "til", "till", "кому",
        "收件人", "收件者", "宛先", "받는 사람", "받는사람",
    ),
    "cc": ("cc", "dw", "kopia", "kopi", "копия", "抄送", "副本", "참조"),
    "subject": (
        "subject", "chủ đề", "tiêu đề", "objet", "betreff", "asunto", "oggetto", "assunto", "onderwerp",
        "temat", "emne", "ämne", "тема", "主题", "主旨", "件名", "제목",
    ),
}  # fmt: skip

# What stands between dashes above a quoted or forwarded message ("-----Original Message-----"),
# or alone on its line with a colon ("Begin forwarded message:").
SEPARATORS = (
    "original message", "original", "forwarded message", "forwarded", "reply message", "replied message",
    "begin forwarded message",
    "thư gốc", "thư chuyển tiếp", "thư đã chuyển tiếp", "tin nhắn gốc", "bắt đầu thư được chuyển tiếp",
    "message d'origine", "message transféré", "mail original", "début du message réexpédié",
    "ursprüngliche nachricht", "ursprüngliche mail", "weitergeleitete nachricht",
    "anfang der weitergeleiteten nachricht",
    "mensaje original", "mensaje reenviado", "inicio del mensaje reenviado",
    "messaggio originale", "messaggio inoltrato", "inizio messaggio inoltrato",
    "mensagem original", "mensagem encaminhada", "início da mensagem reencaminhada",
    "oorspronkelijk bericht", "doorgestuurd bericht", "begin doorgestuurd bericht",
    "wiadomość oryginalna", "oryginalna wiadomość", "przekazana wiadomość",
    "oprindelig meddelelse", "oprindelig besked", "videresendt meddelelse",
    "ursprungligt meddelande", "originalmeddelande", "vidarebefordrat meddelande",
    "opprinnelig melding", "videresendt melding",
    "исходное сообщение", "пересылаемое сообщение", "пересланное сообщение",
    "原始邮件", "原始郵件", "转发邮件", "轉寄郵件", "原邮件",
    "オリジナルメッセージ", "元のメッセージ", "転送されたメッセージ",
    "원본 메시지", "원본 이메일", "전달된 메시지",
)  # fmt: skip

# The first words of a phone's or an app's signature line ("Sent from my iPhone").
DEVICE_STARTS = (
    "sent from my", "sent from outlook", "get outlook for", "sent with", "gửi từ iphone", "gửi từ ipad",
    "gửi từ điện thoại", "gửi từ thiết bị", "gửi từ samsung", "gửi từ android", "được gửi từ iphone",
    "được gửi từ điện thoại", "đã gửi từ thiết bị", "đã gửi từ iphone", "tải outlook cho", "envoyé de mon",
    "envoyé depuis", "obtenir outlook", "télécharger outlook",
    "von meinem", "gesendet von", "enviado desde", "obtener outlook", "inviato da", "inviato dal",
    "scarica outlook", "enviado do meu", "enviado a partir do", "obter o outlook", "verstuurd vanaf",
    "verzonden vanaf", "wysłane z", "pobierz aplikację outlook", "sendt fra", "hent outlook",
    "få outlook", "skickat från", "skaffa outlook", "отправлено с", "скачайте outlook",
    "发自我的", "发自", "從我的", "获取",
)  # fmt: skip
DEVICE_ENDS = ("から送信", "を入手", "에서 보냄", "받기", "herunterladen", "downloaden", "傳送")

# A sign-off: what follows it in the new text is the signature.
SIGN_OFFS = (
    "trân trọng", "trân trọng cảm ơn", "trân trọng kính chào", "xin trân trọng cảm ơn", "cảm ơn",
    "xin cảm ơn", "thân ái", "best regards", "kind regards", "regards", "many thanks", "thanks",
    "thank you", "cordialement", "mit freundlichen grüßen", "saludos", "cordiali saluti",
    "atenciosamente", "met vriendelijke groet", "pozdrawiam", "med venlig hilsen", "med vänliga hälsningar",
    "med vennlig hilsen", "с уважением",
)  # fmt: skip

# HTML elements clients wrap a quote in (class or id): everything from them on is quoted.
QUOTE_CONTAINERS = (
    "gmail_quote", "gmail_quote_container", "divRplyFwdMsg", "appendonsend", "yahoo_quoted", "zwchr",
    "moz-cite-prefix", "OutlookMessageHeader", "protonmail_quote", "x_divRplyFwdMsg", "mail-quote",
)  # fmt: skip

# What a client puts before a subject it answers or forwards.
REPLY_PREFIXES = (
    "re", "tl", "trả lời", "fw", "fwd", "tr", "aw", "wg", "r", "i", "rv", "res", "enc", "antw", "doorst",
    "odp", "pd", "sv", "vs", "vb", "vl", "ответ", "отв", "пересл", "答复", "回复", "回覆", "转发", "轉寄",
    "返信", "転送", "회신", "전달",
)  # fmt: skip

# ---------------------------------------------------------------- automatic mail

# Subjects of out-of-office and other automatic replies, as clients and servers write them
# (anywhere in a subject that is not a person's "Re:"); the subject a person chose for a vacation
# reply ("Nghỉ phép") is not here: such replies carry Auto-Submitted or a vendor field.
AUTO_REPLY_SUBJECTS = (
    "trả lời tự động", "tự động trả lời", "phản hồi tự động", "thư tự động", "thông báo tự động", "[tự động]",
    "đang vắng mặt",
    "automatic reply", "auto reply", "auto-reply", "autoreply", "auto response", "auto-response",
    "autoresponse", "auto:", "out of office", "out of the office", "vacation reply",
    "réponse automatique", "message d'absence",
    "automatische antwort", "abwesenheitsnotiz",
    "respuesta automática",
    "risposta automatica",
    "resposta automática",
    "automatisch antwoord",
    "odpowiedź automatyczna", "automatyczna odpowiedź",
    "autosvar", "automatisk svar", "automatiskt svar",
    "автоматический ответ", "автоответ",
    "自动回复", "自動回覆", "自动答复",
    "自動応答", "自動返信",
    "자동 회신", "자동회신", "자동응답", "자동 응답",
    "xác nhận đã tiếp nhận", "ticket opened", "xác minh người gửi",
)  # fmt: skip

# Subjects of delivery status notifications: bounces, delays, delivery receipts.
BOUNCE_SUBJECTS = (
    "không thể gửi", "thư bị trả lại", "không thể chuyển thư", "không thể chuyển phát", "thư không gửi được",
    "lỗi gửi thư", "chậm chuyển phát", "gửi thư thất bại", "không gửi được thư",
    "undelivered mail", "undeliverable", "undelivered", "returned mail", "returned to sender",
    "failure notice", "delivery status notification", "delivery failure", "delivery failed",
    "mail delivery failed", "delivery has failed", "delivery delayed", "delayed mail", "delivery notification",
    "mail delivery status", "delivery has been delayed", "could not send message", "could not be delivered",
    "permanent delivery failure", "non-delivery", "nondeliverable", "mail system error", "delivery report",
    "warning: message", "delivered:", "relayed:",
    "non remis", "non distribuable", "échec de la remise", "remise différée",
    "unzustellbar", "nicht zustellbar", "zustellung verzögert",
    "no se puede entregar", "no entregado", "entrega retrasada",
    "non recapitabile", "recapito ritardato",
    "não é possível entregar", "não entregue", "entrega atrasada",
    "onbestelbaar", "niet bezorgd", "bezorging vertraagd",
    "niedostarczalne", "nie można dostarczyć", "niedostarczona",
    "kan ikke leveres", "ej levererbart", "kunde inte levereras", "ikke leveret",
    "не удается доставить", "недоставленное сообщение", "не доставлено",
    "无法投递", "无法送达", "未送达", "退信", "配信不能", "配信エラー", "배달되지 않음", "배달 실패", "배달 못 함",
)  # fmt: skip

# Subjects of read receipts (RFC 8098 and the ones clients write without it), at the start.
READ_RECEIPT_SUBJECTS = (
    "read:", "not read:", "read receipt", "return receipt", "đã đọc:", "chưa đọc:", "xác nhận đã nhận thư",
    "lu :", "lu:", "non lu :", "accusé de réception", "gelesen:", "ungelesen:", "empfangsbestätigung",
    "lesebestätigung", "leído:", "no leído:", "letto:", "non letto:", "lida:", "não lida:", "gelezen:",
    "niet gelezen:", "przeczytano:", "nieprzeczytano:", "læst:", "ikke læst:", "läst:", "ej läst:",
    "lest:", "ikke lest:", "прочитано:", "не прочитано:", "已读:", "已讀:", "未读:", "開封済み:", "未開封:",
    "읽음:", "읽지 않음:",
)  # fmt: skip

# Subjects of abuse and feedback reports: ARF-like complaints, SpamCop, DMARC (RFC 7489) and
# SMTP TLS (RFC 8460) aggregate reports.
FEEDBACK_SUBJECTS = (
    "report domain:", "complaint about message", "abuse report", "spam report", "spam complaint",
    "feedback report", "feedback loop", "fbl report", "[spamcop", "phản ánh thư rác", "báo cáo thư rác",
    "khiếu nại thư rác", "thư rác từ",
)  # fmt: skip

# Local parts and display names of the mailboxes servers send notifications from.
ROBOT_MAILBOXES = ("mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "postmaster", "mdaemon")
ROBOT_NAMES = (
    "mail delivery subsystem", "mail delivery system", "mailer-daemon", "mailer daemon", "mail router",
    "postmaster", "mail administrator", "hệ thống thư điện tử", "mdaemon at",
)  # fmt: skip

# Header fields only robots write, by what they mark: (field, value it must contain, "" for any).
VENDOR_FIELDS = {
    "automatic": (
        ("x-autoreply", ""), ("x-autorespond", ""), ("x-auto-response", ""), ("x-autoresponse", ""),
        ("x-autoresponder", ""), ("x-autoreply-from", ""), ("x-mail-autoreply", ""), ("x-autogenerated", ""),
        ("x-auto-generated", ""), ("x-apple-action", ""), ("x-post-messageclass", "autorespond"),
        ("x-ms-exchange-inbox-rules-loop", ""), ("x-ms-exchange-generated-message-source", ""),
        ("x-auto-response-suppress", ""), ("x-loop", ""), ("x-otrs-loop", ""), ("x-boxbe-challenge", ""),
        ("x-fc-machinegenerated", "true"), ("x-precedence", "auto"), ("x-precedence", "bulk"),
    ),
    "bounce": (("x-failed-recipients", ""), ("x-ms-exchange-message-is-ndr", "")),
    "feedback": (("x-hmxmroriginalrecipient", ""), ("x-arf", "")),
    "list": (
        ("list-id", ""), ("list-unsubscribe", ""), ("list-post", ""), ("x-mailman-version", ""),
        ("x-list-administrivia", ""), ("x-beenthere", ""),
    ),
}  # fmt: skip

# What a delivery status notification says in its text (with an SMTP reply code next to it).
BOUNCE_TEXTS = (
    "could not be delivered", "couldn't be delivered", "was not delivered", "wasn't able to deliver",
    "unable to deliver", "delivery has failed", "delivery to the following recipient", "did not reach",
    "could not be reached", "message delivery to", "permanent error", "mail delivery failed",
    "this is the mail system", "the original message was received", "copy of the message",
    "returned to sender", "undeliverable", "delivery failure", "not listed in", "giving up",
    "không thể chuyển", "không gửi được", "chưa được chuyển", "bị trả lại", "không tồn tại",
)  # fmt: skip
