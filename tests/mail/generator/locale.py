"""How mail clients of each interface language write the line above a quote.

Times are those of the thread: dondoc's reminder at 07:30, the unit's own first answer at 08:05,
Monday 16 March 2026 (UTC+7). ``{n}`` is the display name, ``{a}`` the address.
"""

from __future__ import annotations

LANGS = ["vi", "en", "fr", "de", "es", "it", "pt", "nl", "pl", "da", "sv", "nb", "ru", "zh", "ja", "ko"]


def hm(t: str, twelve: bool = False, lead: bool = True) -> str:
    h, m = t.split(":")
    if twelve:
        return f"{int(h)}:{m} AM"
    return f"{int(h):02d}:{m}" if lead else f"{int(h)}:{m}"


GMAIL = {
    "vi": "Vào Th 2, 16 thg 3, 2026 vào lúc {t} {n} <{a}> đã viết:",
    "en": "On Mon, Mar 16, 2026 at {t12} {n} <{a}> wrote:",
    "fr": "Le lun. 16 mars 2026 à {t}, {n} <{a}> a écrit :",
    "de": "Am Mo., 16. März 2026 um {t} Uhr schrieb {n} <{a}>:",
    "es": "El lun, 16 mar 2026 a las {t1}, {n} (<{a}>) escribió:",
    "it": "Il giorno lun 16 mar 2026 alle ore {t} {n} <{a}> ha scritto:",
    "pt": "Em seg., 16 de mar. de 2026 às {t}, {n} <{a}> escreveu:",
    "nl": "Op ma 16 mrt 2026 om {t} schreef {n} <{a}>:",
    "pl": "pon., 16 mar 2026 o {t} {n} <{a}> napisał(a):",
    "da": "Den man. 16. mar. 2026 kl. {tdot} skrev {n} <{a}>:",
    "sv": "Den mån 16 mars 2026 kl {t} skrev {n} <{a}>:",
    "nb": "man. 16. mar. 2026 kl. {t} skrev {n} <{a}>:",
    "ru": "пн, 16 мар. 2026 г. в {t}, {n} <{a}>:",
    "zh": "{n} <{a}> 于2026年3月16日周一 {t}写道：",
    "ja": "2026年3月16日(月) {t1} {n} <{a}>:",
    "ko": "2026년 3월 16일 (월) 오전 {t1}, {n} <{a}>님이 작성:",
}

APPLE = {
    "vi": "Vào lúc {t}, ngày 16 thg 3, 2026, {n} <{a}> đã viết:",
    "en": "On Mar 16, 2026, at {t}, {n} <{a}> wrote:",
    "fr": "Le 16 mars 2026 à {t}, {n} <{a}> a écrit :",
    "de": "Am 16.03.2026 um {t} schrieb {n} <{a}>:",
    "es": "El 16 mar 2026, a las {t1}, {n} <{a}> escribió:",
    "it": "Il giorno 16 mar 2026, alle ore {t}, {n} <{a}> ha scritto:",
    "pt": "Em 16 de mar. de 2026, à(s) {t}, {n} <{a}> escreveu:",
    "nl": "Op 16 mrt 2026 om {t} heeft {n} <{a}> het volgende geschreven:",
    "pl": "Wiadomość napisana przez {n} <{a}> w dniu 16.03.2026, o godz. {t}:",
    "da": "Den 16. mar. 2026 kl. {tdot} skrev {n} <{a}>:",
    "sv": "16 mars 2026 kl. {t} skrev {n} <{a}>:",
    "nb": "16. mar. 2026 kl. {t} skrev {n} <{a}>:",
    "ru": "16 марта 2026 г., в {t}, {n} <{a}> написал(а):",
    "zh": "2026年3月16日 {t}，{n} <{a}> 写道：",
    "ja": "2026/03/16 {t1}、{n} <{a}>のメール:",
    "ko": "2026. 3. 16. 오전 {t1}, {n} <{a}> 작성:",
}

THUNDERBIRD = {
    "vi": "Vào 16/03/2026 {t}, {n} đã viết:",
    "en": "On 3/16/26 {t}, {n} wrote:",
    "fr": "Le 16/03/2026 à {t}, {n} a écrit :",
    "de": "Am 16.03.26 um {t} schrieb {n}:",
    "es": "El 16/3/26 a las {t1}, {n} escribió:",
    "it": "Il 16/03/26 {t}, {n} ha scritto:",
    "pt": "Em 16/03/2026 {t}, {n} escreveu:",
    "nl": "Op 16-03-2026 om {t} schreef {n}:",
    "pl": "W dniu 16.03.2026 o {t}, {n} pisze:",
    "da": "Den 16.03.2026 kl. {tdot} skrev {n}:",
    "sv": "Den 2026-03-16 kl. {t}, skrev {n}:",
    "nb": "Den 16.03.2026 {t}, skrev {n}:",
    "ru": "16.03.2026 {t1}, {n} пишет:",
    "zh": "在 2026/3/16 {t1}, {n} 写道:",
    "ja": "2026/03/16 {t1} に {n} さんは書きました:",
    "ko": "2026-03-16 오전 {t1}에 {n} 이(가) 쓴 글:",
}

YAHOO = {
    "vi": "Vào Thứ Hai, 16 tháng 3, 2026 lúc {t}:00 GMT+7, {n} <{a}> đã viết:",
    "en": "On Monday, March 16, 2026 at {t12} GMT+7, {n} <{a}> wrote:",
    "fr": "Le lundi 16 mars 2026 à {t}:00 UTC+7, {n} <{a}> a écrit :",
    "de": "Am Montag, 16. März 2026 um {t}:00 GMT+7 hat {n} <{a}> Folgendes geschrieben:",
    "es": "El lunes, 16 de marzo de 2026, {t}:00 GMT+7, {n} <{a}> escribió:",
    "it": "Il lunedì 16 marzo 2026, {t}:00 GMT+7, {n} <{a}> ha scritto:",
    "pt": "Em segunda-feira, 16 de março de 2026, {t}:00 GMT+7, {n} <{a}> escreveu:",
}

ROUNDCUBE = {
    "vi": "Vào 2026-03-16 {t}, {n} đã viết:",
    "en": "On 2026-03-16 {t}, {n} wrote:",
    "fr": "Le 2026-03-16 {t}, {n} a écrit :",
    "de": "Am 2026-03-16 {t}, schrieb {n}:",
    "es": "El 2026-03-16 {t}, {n} escribió:",
    "it": "Il 2026-03-16 {t} {n} ha scritto:",
    "pt": "Em 2026-03-16 {t}, {n} escreveu:",
    "nl": "Op 2026-03-16 {t}, schreef {n}:",
    "pl": "W dniu 2026-03-16 {t}, {n} napisał(a):",
    "ru": "{n} писал 2026-03-16 {t}:",
}

# Outlook header block labels: From, Sent, To, Subject (and Date, for Outlook for Mac / Samsung)
OUTLOOK = {
    "vi": ("Từ", "Đã gửi", "Đến", "Chủ đề", "Ngày"),
    "en": ("From", "Sent", "To", "Subject", "Date"),
    "fr": ("De", "Envoyé", "À", "Objet", "Date"),
    "de": ("Von", "Gesendet", "An", "Betreff", "Datum"),
    "es": ("De", "Enviado el", "Para", "Asunto", "Fecha"),
    "it": ("Da", "Inviato", "A", "Oggetto", "Data"),
    "pt": ("De", "Enviado", "Para", "Assunto", "Data"),
    "nl": ("Van", "Verzonden", "Aan", "Onderwerp", "Datum"),
    "pl": ("Od", "Wysłano", "Do", "Temat", "Data"),
    "da": ("Fra", "Sendt", "Til", "Emne", "Dato"),
    "sv": ("Från", "Skickat", "Till", "Ämne", "Datum"),
    "nb": ("Fra", "Sendt", "Til", "Emne", "Dato"),
    "ru": ("От", "Отправлено", "Кому", "Тема", "Дата"),
    "zh": ("发件人", "发送时间", "收件人", "主题", "日期"),
    "ja": ("差出人", "送信日時", "宛先", "件名", "日付"),
    "ko": ("보낸 사람", "보낸 날짜", "받는 사람", "제목", "날짜"),
}

OUTLOOK_DATE = {
    "vi": "Thứ Hai, ngày 16 tháng 3 năm 2026 {t1} SA",
    "en": "Monday, March 16, 2026 {t12}",
    "fr": "lundi 16 mars 2026 {t}",
    "de": "Montag, 16. März 2026 {t}",
    "es": "lunes, 16 de marzo de 2026 {t1}",
    "it": "lunedì 16 marzo 2026 {t}",
    "pt": "segunda-feira, 16 de março de 2026 {t}",
    "nl": "maandag 16 maart 2026 {t}",
    "pl": "poniedziałek, 16 marca 2026 {t}",
    "da": "16. marts 2026 {t}",
    "sv": "den 16 mars 2026 {t}",
    "nb": "mandag 16. mars 2026 {t}",
    "ru": "16 марта 2026 г. {t1}",
    "zh": "2026年3月16日 {t1}",
    "ja": "2026年3月16日 {t1}",
    "ko": "2026년 3월 16일 월요일 오전 {t1}",
}

ORIGINAL_MESSAGE = {
    "vi": "-----Original Message-----", "en": "-----Original Message-----", "fr": "-----Message d'origine-----",
    "de": "-----Ursprüngliche Nachricht-----", "es": "-----Mensaje original-----", "it": "-----Messaggio originale-----",
    "pt": "-----Mensagem original-----", "nl": "-----Oorspronkelijk bericht-----", "pl": "-----Wiadomość oryginalna-----",
    "da": "-----Oprindelig meddelelse-----", "sv": "-----Ursprungligt meddelande-----", "nb": "-----Opprinnelig melding-----",
    "ru": "-----Исходное сообщение-----", "zh": "-----原始邮件-----", "ja": "-----Original Message-----", "ko": "-----원본 메시지-----",
}

SAMSUNG = {
    "vi": ("-------- Thư gốc --------", "Từ", "Ngày", "Đến", "Chủ đề"),
    "en": ("-------- Original message --------", "From", "Date", "To", "Subject"),
    "fr": ("-------- Message d'origine --------", "De", "Date", "À", "Objet"),
    "de": ("-------- Ursprüngliche Nachricht --------", "Von", "Datum", "An", "Betreff"),
    "es": ("-------- Mensaje original --------", "De", "Fecha", "A", "Asunto"),
    "it": ("-------- Messaggio originale --------", "Da", "Data", "A", "Oggetto"),
    "pt": ("-------- Mensagem original --------", "De", "Data", "Para", "Assunto"),
    "nl": ("-------- Oorspronkelijk bericht --------", "Van", "Datum", "Aan", "Onderwerp"),
    "pl": ("-------- Oryginalna wiadomość --------", "Od", "Data", "Do", "Temat"),
    "da": ("-------- Oprindelig besked --------", "Fra", "Dato", "Til", "Emne"),
    "sv": ("-------- Originalmeddelande --------", "Från", "Datum", "Till", "Ämne"),
    "nb": ("-------- Opprinnelig melding --------", "Fra", "Dato", "Til", "Emne"),
    "ru": ("-------- Исходное сообщение --------", "От", "Дата", "Кому", "Тема"),
    "zh": ("-------- 原始邮件 --------", "发件人", "日期", "收件人", "主题"),
    "ja": ("-------- オリジナルメッセージ --------", "送信元", "日付", "宛先", "件名"),
    "ko": ("-------- 원본 이메일 --------", "보낸사람", "날짜", "받는사람", "제목"),
}

ZIMBRA = {
    "vi": ("----- Thư gốc -----", "Từ", "Tới", "Đã gửi", "Chủ đề", "Thứ Hai, 16 Tháng Ba, 2026 {t}:00"),
    "en": ("----- Original Message -----", "From", "To", "Sent", "Subject", "Monday, March 16, 2026 {t12}"),
    "fr": ("----- Mail original -----", "De", "À", "Envoyé", "Objet", "Lundi 16 Mars 2026 {t}:00"),
    "de": ("----- Ursprüngliche Mail -----", "Von", "An", "Gesendet", "Betreff", "Montag, 16. März 2026 {t}:00"),
    "es": ("----- Mensaje original -----", "De", "Para", "Enviado", "Asunto", "Lunes, 16 de Marzo de 2026 {t}:00"),
    "it": ("----- Messaggio originale -----", "Da", "A", "Inviato", "Oggetto", "Lunedì, 16 marzo 2026 {t}:00"),
    "pt": ("----- Mensagem original -----", "De", "Para", "Enviadas", "Assunto", "Segunda-feira, 16 de março de 2026 {t}:00"),
}

REPLY_PREFIX = {  # Outlook's, by language
    "vi": "TL: ", "en": "RE: ", "fr": "RE : ", "de": "AW: ", "es": "RE: ", "it": "R: ", "pt": "RE: ", "nl": "RE: ",
    "pl": "ODP: ", "da": "SV: ", "sv": "SV: ", "nb": "SV: ", "ru": "RE: ", "zh": "答复: ", "ja": "RE: ", "ko": "회신: ",
}

IPHONE = {
    "vi": "Gửi từ iPhone của tôi", "en": "Sent from my iPhone", "fr": "Envoyé de mon iPhone", "de": "Von meinem iPhone gesendet",
    "es": "Enviado desde mi iPhone", "it": "Inviato da iPhone", "pt": "Enviado do meu iPhone", "nl": "Verstuurd vanaf mijn iPhone",
    "pl": "Wysłane z iPhone'a", "da": "Sendt fra min iPhone", "sv": "Skickat från min iPhone", "nb": "Sendt fra min iPhone",
    "ru": "Отправлено с iPhone", "zh": "发自我的iPhone", "ja": "iPhoneから送信", "ko": "iPhone에서 보냄",
}

OUTLOOK_MOBILE = {
    "vi": "Tải Outlook cho {os}<https://aka.ms/o0ukef>", "en": "Get Outlook for {os}<https://aka.ms/o0ukef>",
    "fr": "Télécharger Outlook pour {os}<https://aka.ms/o0ukef>", "de": "Outlook für {os}<https://aka.ms/o0ukef> herunterladen",
    "es": "Obtener Outlook para {os}<https://aka.ms/o0ukef>", "it": "Scarica Outlook per {os}<https://aka.ms/o0ukef>",
    "pt": "Obter o Outlook para {os}<https://aka.ms/o0ukef>", "nl": "Outlook voor {os}<https://aka.ms/o0ukef> downloaden",
    "pl": "Pobierz aplikację Outlook dla systemu {os}<https://aka.ms/o0ukef>", "da": "Hent Outlook til {os}<https://aka.ms/o0ukef>",
    "sv": "Skaffa Outlook för {os}<https://aka.ms/o0ukef>", "nb": "Få Outlook for {os}<https://aka.ms/o0ukef>",
    "ru": "Скачайте Outlook для {os}<https://aka.ms/o0ukef>", "zh": "获取 {os} 版 Outlook<https://aka.ms/o0ukef>",
    "ja": "{os} 版 Outlook<https://aka.ms/o0ukef> を入手", "ko": "{os}용 Outlook<https://aka.ms/o0ukef> 받기",
}

SAMSUNG_SENT = {
    "vi": "Đã gửi từ thiết bị Galaxy Samsung của tôi.", "en": "Sent from my Galaxy", "fr": "Envoyé depuis mon Galaxy",
    "de": "Von meinem Galaxy gesendet", "es": "Enviado desde mi Galaxy", "it": "Inviato dal mio Galaxy",
    "pt": "Enviado do meu Galaxy", "nl": "Verzonden vanaf mijn Galaxy", "pl": "Wysłane z mojego Galaxy",
    "da": "Sendt fra min Galaxy", "sv": "Skickat från min Galaxy", "nb": "Sendt fra min Galaxy", "ru": "Отправлено с Galaxy",
    "zh": "从我的Galaxy发送", "ja": "Galaxy から送信", "ko": "내 Galaxy에서 보냄",
}


def fill(template: str, t: str, name: str, address: str) -> str:
    return template.format(
        t=hm(t), t1=hm(t, lead=False), t12=hm(t, twelve=True), tdot=hm(t).replace(":", "."), n=name, a=address
    )
