"""Every fixed text an output shows, in English, bokmål and nynorsk.

Outputs choose the labels of their document's language; languages without a table of
their own fall back to English. A test checks that each table has the same keys.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "about": "About this document",
        "current": "Current – not archived",
        "published_under": "Published under:",
        "publisher": "Publisher:",
        "speaker": "Speaker:",
        "date": "Date:",
        "place": "Place:",
        "occasion": "Occasion:",
        "note": "Note:",
        "translation": "Translation:",
        "page": "Page",
        "of": "of",
        "contents": "Contents",
        "skip": "Skip to content",
        "site_name": "Speech archive",
        "site_nav": "Site",
        "all_speeches": "All speeches",
        "downloads": "Download this speech",
        "pdf": "PDF for print and archiving",
        "epub": "EPUB e-book",
        "source": "Original source",
        "generated": "Made with publish from the source file",
        "lead": "Summary",
        "speech": "Speech",
        "title_page": "Title and details",
        "a11y_summary": (
            "This publication meets WCAG 2.2 Level AA and EPUB Accessibility 1.1. It is a "
            "speech in text, with a structured header stating its archive status, "
            "government and publisher, a logical reading order, headings for navigation "
            "and a table of contents. Its only image is the cover, which has a text "
            "alternative. It contains no media and no hazards."
        ),
        "a11y_pages": (
            " Page numbers follow the PDF edition of this speech, so a reference to a page "
            "of the printed copy can be found here."
        ),
        "cover": "Cover",
        "pages": "Pages",
        "landmarks": "Landmarks",
        "index_intro": "Speeches in this archive, with their archive status and publisher.",
        "status": "Status:",
        "sha256": "SHA-256 of the source:",
    },
    "nb": {
        "about": "Om dokumentet",
        "current": "Gjeldende – ikke arkivert",
        "published_under": "Publisert under:",
        "publisher": "Utgiver:",
        "speaker": "Taler:",
        "date": "Dato:",
        "place": "Sted:",
        "occasion": "Anledning:",
        "note": "Merknad:",
        "translation": "Oversettelse:",
        "page": "Side",
        "of": "av",
        "contents": "Innhold",
        "skip": "Hopp til innholdet",
        "site_name": "Talearkiv",
        "site_nav": "Nettsted",
        "all_speeches": "Alle taler",
        "downloads": "Last ned talen",
        "pdf": "PDF for utskrift og arkivering",
        "epub": "EPUB e-bok",
        "source": "Opprinnelig kilde",
        "generated": "Laget med publish fra kildefilen",
        "lead": "Ingress",
        "speech": "Tale",
        "title_page": "Tittel og opplysninger",
        "a11y_summary": (
            "Denne publikasjonen oppfyller WCAG 2.2 nivå AA og EPUB Accessibility 1.1. Den "
            "er en tale i tekst, med et strukturert hode som oppgir arkivstatus, regjering "
            "og utgiver, logisk leserekkefølge, overskrifter for navigasjon og "
            "innholdsfortegnelse. Det eneste bildet er omslaget, som har en tekstbeskrivelse. "
            "Den inneholder ingen medier og ingen risikoer."
        ),
        "a11y_pages": (
            " Sidetallene følger PDF-utgaven av talen, slik at en henvisning til en side i "
            "den trykte utgaven kan finnes her."
        ),
        "cover": "Omslag",
        "pages": "Sider",
        "landmarks": "Landemerker",
        "index_intro": "Taler i dette arkivet, med arkivstatus og utgiver.",
        "status": "Status:",
        "sha256": "SHA-256 for kildefilen:",
    },
    "nn": {
        "about": "Om dokumentet",
        "current": "Gjeldande – ikkje arkivert",
        "published_under": "Publisert under:",
        "publisher": "Utgjevar:",
        "speaker": "Talar:",
        "date": "Dato:",
        "place": "Stad:",
        "occasion": "Høve:",
        "note": "Merknad:",
        "translation": "Omsetjing:",
        "page": "Side",
        "of": "av",
        "contents": "Innhald",
        "skip": "Hopp til innhaldet",
        "site_name": "Talearkiv",
        "site_nav": "Nettstad",
        "all_speeches": "Alle talar",
        "downloads": "Last ned talen",
        "pdf": "PDF for utskrift og arkivering",
        "epub": "EPUB e-bok",
        "source": "Opphavleg kjelde",
        "generated": "Laga med publish frå kjeldefila",
        "lead": "Ingress",
        "speech": "Tale",
        "title_page": "Tittel og opplysningar",
        "a11y_summary": (
            "Denne publikasjonen oppfyller WCAG 2.2 nivå AA og EPUB Accessibility 1.1. Han "
            "er ein tale i tekst, med eit strukturert hovud som oppgjev arkivstatus, "
            "regjering og utgjevar, logisk leserekkjefølgje, overskrifter for navigasjon og "
            "innhaldsliste. Det einaste biletet er omslaget, som har ei tekstskildring. "
            "Han inneheld ingen medium og ingen risikoar."
        ),
        "a11y_pages": (
            " Sidetala følgjer PDF-utgåva av talen, slik at ei tilvising til ei side i den "
            "trykte utgåva kan finnast her."
        ),
        "cover": "Omslag",
        "pages": "Sider",
        "landmarks": "Landemerke",
        "index_intro": "Talar i dette arkivet, med arkivstatus og utgjevar.",
        "status": "Status:",
        "sha256": "SHA-256 for kjeldefila:",
    },
}


def labels_for(lang: str) -> dict[str, str]:
    """The labels of ``lang`` (English for languages without their own table)."""
    return LABELS.get(lang, LABELS["en"])
