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
        "a11y_summary_collection": (
            "This publication meets WCAG 2.2 Level AA and EPUB Accessibility 1.1. It is a "
            "collection of speeches in text, each with a structured header stating its "
            "archive status, government and publisher, in a logical reading order, with "
            "headings for navigation and a table of contents. Its only image is the cover, "
            "which has a text alternative. It contains no media and no hazards."
        ),
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
        "introduction": "Introduction",
        "index": "Index",
        "index_speakers": "Speakers",
        "index_dates": "Speeches by date",
        "speaker_not_stated": "Speaker not stated",
        "date_not_stated": "Date not stated",
        "compiled_by": "Compiled by",
        "compiled_on": "Compiled on",
        "selection": "Selection",
        "speeches_count": "speeches",
        "collection": "Collection",
        "page_short": "p.",
        "sel_government": "Government",
        "sel_publisher": "Publisher",
        "sel_speaker": "Speaker",
        "sel_lang": "Language",
        "sel_title_contains": "Title contains",
        "sel_dates": "Dates",
        "sel_archived": "Archived",
        "yes": "yes",
        "no": "no",
        "att_source": "Original source, exactly as received ({type})",
        "att_provenance": "Provenance: source checksum, origin, tool and build date",
        "att_manifest": "The collection manifest this volume was built from",
        "att_collection_provenance": (
            "Provenance: manifest and source checksums, tool and build date"
        ),
        "att_member_source": "Original source of “{title}”, as received",
        "listed": "Listed speeches",
        "download_collection": "Download the collection",
        "index_intro": "Speeches in this archive, with their archive status and publisher.",
        "status": "Status:",
        "sha256": "SHA-256 of the source:",
        "governments": "Governments",
        "publishers": "Publishers",
        "years": "Years",
        "languages": "Languages",
        "search": "Search",
        "facet_government": "Government",
        "facet_publisher": "Publisher",
        "facet_year": "Year",
        "facet_language": "Language",
        "government_intro": "Speeches grouped by the government they were published under.",
        "publisher_intro": "Speeches grouped by the ministry or department that published them.",
        "year_intro": "Speeches grouped by the year they were given.",
        "language_intro": "Speeches grouped by the language they are published in.",
        "count_one": "1 speech",
        "count_many": "{n} speeches",
        "not_stated": "Not stated",
        "undated": "Undated",
        "filter": "Filter speeches",
        "show_all": "Show all speeches",
        "search_label": "Search the speeches",
        "search_hint": "Type one or more words, for example from a title or a speaker’s name.",
        "search_intro": "Find a speech by a word from its title, speaker, government or publisher.",
        "search_found_one": "1 speech found for “{q}”",
        "search_found_many": "{n} speeches found for “{q}”",
        "search_found_none": "No speeches found for “{q}”. Check the spelling or try other words.",
        "search_empty": "Type a word to search.",
        "search_nojs": (
            "Search needs JavaScript, which is turned off or not available here. You can "
            "find every speech without it:"
        ),
        "search_error": "Search could not be loaded. You can find every speech without it:",
        "related": "Find related speeches",
        "year_label": "Year:",
        "language_label": "Language:",
        "site_footer": "A static archive of government speeches, made with publish.",
        "browse_by": "Browse by",
        "collections": "Collections",
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
        "a11y_summary_collection": (
            "Denne publikasjonen oppfyller WCAG 2.2 nivå AA og EPUB Accessibility 1.1. Den "
            "er en samling taler i tekst, hver med et strukturert hode som oppgir "
            "arkivstatus, regjering og utgiver, i logisk leserekkefølge, med overskrifter "
            "for navigasjon og innholdsfortegnelse. Det eneste bildet er omslaget, som har "
            "en tekstbeskrivelse. Den inneholder ingen medier og ingen risikoer."
        ),
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
        "introduction": "Innledning",
        "index": "Register",
        "index_speakers": "Talere",
        "index_dates": "Taler etter dato",
        "speaker_not_stated": "Taler ikke oppgitt",
        "date_not_stated": "Dato ikke oppgitt",
        "compiled_by": "Satt sammen av",
        "compiled_on": "Satt sammen",
        "selection": "Utvalg",
        "speeches_count": "taler",
        "collection": "Samling",
        "page_short": "s.",
        "sel_government": "Regjering",
        "sel_publisher": "Utgiver",
        "sel_speaker": "Taler",
        "sel_lang": "Språk",
        "sel_title_contains": "Tittelen inneholder",
        "sel_dates": "Datoer",
        "sel_archived": "Arkivert",
        "yes": "ja",
        "no": "nei",
        "att_source": "Originalkilden, nøyaktig slik den ble mottatt ({type})",
        "att_provenance": "Proveniens: kontrollsum for kilden, opphav, verktøy og byggedato",
        "att_manifest": "Samlingsmanifestet dette bindet ble laget fra",
        "att_collection_provenance": (
            "Proveniens: kontrollsummer for manifest og kilder, verktøy og byggedato"
        ),
        "att_member_source": "Originalkilden til «{title}», slik den ble mottatt",
        "listed": "Utvalgte taler",
        "download_collection": "Last ned samlingen",
        "index_intro": "Taler i dette arkivet, med arkivstatus og utgiver.",
        "status": "Status:",
        "sha256": "SHA-256 for kildefilen:",
        "governments": "Regjeringer",
        "publishers": "Utgivere",
        "years": "År",
        "languages": "Språk",
        "search": "Søk",
        "facet_government": "Regjering",
        "facet_publisher": "Utgiver",
        "facet_year": "År",
        "facet_language": "Språk",
        "government_intro": "Taler gruppert etter regjeringen de ble publisert under.",
        "publisher_intro": "Taler gruppert etter departementet som publiserte dem.",
        "year_intro": "Taler gruppert etter året de ble holdt.",
        "language_intro": "Taler gruppert etter språket de er publisert på.",
        "count_one": "1 tale",
        "count_many": "{n} taler",
        "not_stated": "Ikke oppgitt",
        "undated": "Udatert",
        "filter": "Filtrer talene",
        "show_all": "Vis alle taler",
        "search_label": "Søk i talene",
        "search_hint": (
            "Skriv ett eller flere ord, for eksempel fra en tittel eller navnet på en taler."
        ),
        "search_intro": (
            "Finn en tale etter et ord fra tittelen, taleren, regjeringen eller utgiveren."
        ),
        "search_found_one": "1 tale funnet for «{q}»",
        "search_found_many": "{n} taler funnet for «{q}»",
        "search_found_none": "Ingen taler funnet for «{q}». Sjekk stavemåten eller prøv andre ord.",
        "search_empty": "Skriv et ord for å søke.",
        "search_nojs": (
            "Søket trenger JavaScript, som er slått av eller ikke tilgjengelig her. Du "
            "finner alle taler uten det:"
        ),
        "search_error": "Søket kunne ikke lastes. Du finner alle taler uten det:",
        "related": "Finn lignende taler",
        "year_label": "År:",
        "language_label": "Språk:",
        "site_footer": "Et statisk arkiv over taler fra regjeringen, laget med publish.",
        "browse_by": "Bla etter",
        "collections": "Samlinger",
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
        "a11y_summary_collection": (
            "Denne publikasjonen oppfyller WCAG 2.2 nivå AA og EPUB Accessibility 1.1. Han "
            "er ei samling talar i tekst, kvar med eit strukturert hovud som oppgjev "
            "arkivstatus, regjering og utgjevar, i logisk leserekkjefølgje, med overskrifter "
            "for navigasjon og innhaldsliste. Det einaste biletet er omslaget, som har ei "
            "tekstskildring. Han inneheld ingen medium og ingen risikoar."
        ),
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
        "introduction": "Innleiing",
        "index": "Register",
        "index_speakers": "Talarar",
        "index_dates": "Talar etter dato",
        "speaker_not_stated": "Talar ikkje oppgjeven",
        "date_not_stated": "Dato ikkje oppgjeven",
        "compiled_by": "Sett saman av",
        "compiled_on": "Sett saman",
        "selection": "Utval",
        "speeches_count": "talar",
        "collection": "Samling",
        "page_short": "s.",
        "sel_government": "Regjering",
        "sel_publisher": "Utgjevar",
        "sel_speaker": "Talar",
        "sel_lang": "Språk",
        "sel_title_contains": "Tittelen inneheld",
        "sel_dates": "Datoar",
        "sel_archived": "Arkivert",
        "yes": "ja",
        "no": "nei",
        "att_source": "Originalkjelda, nøyaktig slik ho vart motteken ({type})",
        "att_provenance": "Proveniens: kontrollsum for kjelda, opphav, verktøy og byggjedato",
        "att_manifest": "Samlingsmanifestet dette bandet vart laga frå",
        "att_collection_provenance": (
            "Proveniens: kontrollsummar for manifest og kjelder, verktøy og byggjedato"
        ),
        "att_member_source": "Originalkjelda til «{title}», slik ho vart motteken",
        "listed": "Utvalde talar",
        "download_collection": "Last ned samlinga",
        "index_intro": "Talar i dette arkivet, med arkivstatus og utgjevar.",
        "status": "Status:",
        "sha256": "SHA-256 for kjeldefila:",
        "governments": "Regjeringar",
        "publishers": "Utgjevarar",
        "years": "År",
        "languages": "Språk",
        "search": "Søk",
        "facet_government": "Regjering",
        "facet_publisher": "Utgjevar",
        "facet_year": "År",
        "facet_language": "Språk",
        "government_intro": "Talar grupperte etter regjeringa dei vart publiserte under.",
        "publisher_intro": "Talar grupperte etter departementet som publiserte dei.",
        "year_intro": "Talar grupperte etter året dei vart haldne.",
        "language_intro": "Talar grupperte etter språket dei er publiserte på.",
        "count_one": "1 tale",
        "count_many": "{n} talar",
        "not_stated": "Ikkje oppgjeve",
        "undated": "Udatert",
        "filter": "Filtrer talane",
        "show_all": "Vis alle talar",
        "search_label": "Søk i talane",
        "search_hint": (
            "Skriv eitt eller fleire ord, til dømes frå ein tittel eller namnet på ein talar."
        ),
        "search_intro": (
            "Finn ein tale etter eit ord frå tittelen, talaren, regjeringa eller utgjevaren."
        ),
        "search_found_one": "1 tale funnen for «{q}»",
        "search_found_many": "{n} talar funne for «{q}»",
        "search_found_none": "Ingen talar funne for «{q}». Sjekk stavemåten eller prøv andre ord.",
        "search_empty": "Skriv eit ord for å søkje.",
        "search_nojs": (
            "Søket treng JavaScript, som er slått av eller ikkje tilgjengeleg her. Du finn "
            "alle talane utan det:"
        ),
        "search_error": "Søket kunne ikkje lastast. Du finn alle talane utan det:",
        "related": "Finn liknande talar",
        "year_label": "År:",
        "language_label": "Språk:",
        "site_footer": "Eit statisk arkiv over talar frå regjeringa, laga med publish.",
        "browse_by": "Bla etter",
        "collections": "Samlingar",
    },
}


def labels_for(lang: str) -> dict[str, str]:
    """The labels of ``lang`` (English for languages without their own table)."""
    return LABELS.get(lang, LABELS["en"])
