"""Small but well-formed files for attachments (deterministic bytes: fixed zip and gzip times)."""

from __future__ import annotations

import gzip
import io
import struct
import zipfile
import zlib

from .mime import digest


def _zip(entries: list[tuple[str, bytes]], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for i, (name, data) in enumerate(entries):
            info = zipfile.ZipInfo(name, (2026, 3, 16, 8, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buffer.getvalue()


def docx(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>" for p in paragraphs)
    return _zip([
        ("[Content_Types].xml", b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
         b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        ("_rels/.rels", b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        ("word/document.xml", ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                               f"<w:body>{body}</w:body></w:document>").encode()),
    ])


def odt(paragraphs: list[str]) -> bytes:
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    return _zip([
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", b'<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
         b'<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
         b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'),
        ("content.xml", ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
                         f"<office:body><office:text>{body}</office:text></office:body></office:document-content>").encode()),
    ], stored_first=True)


def pdf(title: str) -> bytes:
    """A one-page PDF whose text layer holds an ASCII title."""
    stream = f"BT /F1 14 Tf 72 760 Td ({title}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def doc() -> bytes:
    """The start of a Word 97-2003 compound file (header sector and an empty FAT)."""
    header = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16 + struct.pack("<HHHHHH", 0x3E, 3, 0xFFFE, 9, 6, 0)
    header += b"\0" * (512 - len(header))
    return header + b"\xff" * 512 + b"\0" * 1024


def png(width: int = 48, height: int = 16, seed: str = "logo") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    colour = bytes.fromhex(digest(seed, length=6))
    rows = b"".join(b"\0" + colour * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def gif() -> bytes:
    return bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b")


def pgp_signature(seed: str) -> bytes:
    body = "iQIzBAEBCAAdFiEE" + digest(seed, length=40) + "BQJp" + digest(seed, "x", length=56)
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return ("-----BEGIN PGP SIGNATURE-----\n\n" + "\n".join(lines) + "\n=" + digest(seed, "c", length=4) + "\n-----END PGP SIGNATURE-----\n").encode()


def smime_signature(seed: str) -> bytes:
    blob = bytes.fromhex("3082" + "0a4f" + "06092a864886f70d010702a0820a40") + bytes.fromhex(digest(seed, length=64)) * 40
    return blob


def tnef(seed: str) -> bytes:
    return bytes.fromhex("789f3e22") + struct.pack("<H", 0x0001) + bytes.fromhex(digest(seed, length=64)) * 12


def ics(summary: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nPRODID:Microsoft Exchange Server 2010\r\nVERSION:2.0\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:SE Asia Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:+0700\r\n"
        "TZOFFSETTO:+0700\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nORGANIZER;CN=Văn phòng HĐND và UBND:mailto:vanphong@xa.example.vn\r\n"
        f"SUMMARY;LANGUAGE=vi-VN:{summary}\r\nDTSTART;TZID=SE Asia Standard Time:20260320T080000\r\n"
        "DTEND;TZID=SE Asia Standard Time:20260320T110000\r\nUID:040000008200E00074C5B7101A82E00800000000\r\n"
        "LOCATION;LANGUAGE=vi-VN:Hội trường UBND xã\r\nSEQUENCE:0\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def vcf(name: str, email: str, phone: str) -> bytes:
    family, *rest = name.split()
    return (f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{family};{' '.join(rest)};;;\r\nFN:{name}\r\n"
            f"ORG:UBND xã Hòa An\r\nTEL;TYPE=CELL:{phone}\r\nEMAIL;TYPE=WORK:{email}\r\nEND:VCARD\r\n").encode()


def gz(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename=name, fileobj=buffer, mode="wb", mtime=0) as g:
        g.write(data)
    return buffer.getvalue()
