"""Coded, located, counted diagnostics.

Codes are a letter and three digits: S source, M metadata, T template, B body (pandoc),
H html, P pdf, E epub, K collection manifest, U usage (command line, configuration,
environment), X an error without a code of its own. Each code is documented once: its
meaning in :data:`CODES`, what to do about it in :data:`HINTS` and, where it is always
the same, its severity in :data:`SEVERITIES`. The C codes of ``publish check`` live in
:data:`publish.verify.OWN_CHECKS` (their hints are here). ``python -m publish.docgen``
writes ``docs/diagnostics.md`` from these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


CODES: dict[str, str] = {
    "S001": "The source file is empty.",
    "S002": "The source file is not text (it contains NUL bytes or is a known binary format).",
    "S003": "The source file is not valid in any supported text encoding.",
    "S004": "The source file is larger than the configured size limit.",
    "S005": "The kind of source could not be recognised from its content.",
    "S006": "The YAML front matter could not be parsed.",
    "S007": "The front matter is not a mapping of field names to values.",
    "S008": "The front matter is not closed by a line of three dashes.",
    "S009": "The source file could not be read from disk.",
    "S010": "The source is not in plain UTF-8; the encoding it was read in is named (info).",
    "S011": "A JSON source could not be parsed, or is JSON but not a GOV.UK content item.",
    "S012": "The provenance mapping in the front matter is malformed.",
    "S013": "A body link or image pointed outside the allowed targets and was removed.",
    "S014": "The source is a symbolic link to a file outside its folder; it is not read.",
    "S015": "The source is not a regular file (a folder, FIFO, socket or device); it is not read.",
    "S016": "An image from the web is linked (its description is the link), not shown.",
    "S017": "A folder given to build holds no source file.",
    "S101": "A line above the title (a kicker or series name) was kept out of the body.",
    "S102": "A plain-text source has no regjeringen.no header; its first paragraph is the title.",
    "S103": "An HTML page has no article body; its main content was read instead.",
    "S104": "The page's type label says it is not a speech or article (e.g. a hearing).",
    "S105": "The GOV.UK item was withdrawn; its withdrawal notice opens the body.",
    "S106": "The page's chrome is in another language than the speech (both are recorded).",
    "S201": "import: the target was edited since it was imported, or not made by import.",
    "S900": "A bug in publish stopped one source from being read (the others go on).",
    "S202": "import: the target was imported from a different original file.",
    "S203": "import: what import would write does not read back as the original (a bug).",
    "M001": "The document has no title.",
    "M002": "A front-matter key is not a known metadata field.",
    "M003": "A metadata value has the wrong type.",
    "M004": "A date could not be understood; it is kept only as printed text.",
    "M005": "The language is not one of the supported document languages.",
    "M006": "Two sources would produce outputs with the same name (slug).",
    "M007": "The date lies outside the period of the government the page was published under.",
    "M008": "The date and the printed date (date_text) name different days.",
    "T001": "A template failed to render.",
    "P001": "WeasyPrint reported a problem while rendering the PDF.",
    "P002": "A resource outside the allowed folders was requested and refused.",
    "P003": "WeasyPrint wrote no XMP metadata packet to add the PDF/UA claim to.",
    "E001": "The EPUB could not be assembled.",
    "E002": "The EPUB page list was left out: a page of the PDF could not be located in the text.",
    "H001": "The HTML page could not be assembled.",
    "B001": "pandoc failed to convert a document body.",
    "B002": "pandoc did not finish converting a document body within its time limit.",
    "B900": "A bug in publish, or an engine's limit, stopped one source from being built "
    "(the others go on).",
    "K001": "A collection manifest has a key that is not known (at the top or in [select]).",
    "K002": "A collection manifest has no title.",
    "K003": "An item a manifest lists is outside the sources folder, missing, or unreadable.",
    "K004": "A collection manifest selects no speech.",
    "K005": "A value in a collection manifest has the wrong type or is not allowed.",
    "K006": "A collection manifest could not be read, or is not valid TOML.",
    "U001": "An unknown output format was asked for.",
    "U002": "SOURCE_DATE_EPOCH is not a whole, non-negative number of seconds.",
    "U003": "An unknown PDF profile was asked for.",
    "U004": "There is nothing to check at the paths given to publish check.",
    "U005": "The Dask executor was asked for without a scheduler, or is not installed.",
    "U006": "A configuration file (publish.toml or [tool.publish] in pyproject.toml) has "
    "an unknown key, a value of the wrong type, or cannot be read.",
    "U007": "publish new: the file it would write already exists.",
    "U008": "publish serve could not listen on the port asked for.",
    "U010": "Another build is writing into the same output folder.",
    "X000": "An error was raised without a code of its own (a bug in publish).",
}

#: What to do about each code (the C codes of ``publish check`` included).
HINTS: dict[str, str] = {
    "S001": "Check that the right file was saved; remove empty files from the sources folder.",
    "S002": "Give publish the text of the page (saved as text or HTML), not a PDF, image "
    "or archive.",
    "S003": "Save the file again as UTF-8 (most editors offer it under 'Save as').",
    "S004": "Split the document, or raise max-source-bytes in the configuration.",
    "S005": "Save the page as text or HTML from regjeringen.no, a GOV.UK content item as "
    "JSON, or write Markdown with front matter (see docs/source-format.md).",
    "S006": "Check the quoting and indentation on the line named; quote values that "
    "contain a colon.",
    "S007": "Write the front matter as 'field: value' lines between two lines of '---'.",
    "S008": "End the front matter with a line of three dashes '---'.",
    "S009": "Check that the path exists and that you may read it.",
    "S010": "Nothing to do; to silence it, save the file as UTF-8.",
    "S011": "Save the GOV.UK item from the Content API "
    "(https://www.gov.uk/api/content/...) exactly as served.",
    "S012": "Let publish import write the provenance mapping, or remove it.",
    "S013": "Link to http(s) addresses only; the rest of the text is kept.",
    "S014": "Copy the file into the sources folder instead of linking to it.",
    "S015": "Give the path of a source file.",
    "S016": "Nothing to do: the link leads to the image; describe the image well, as its "
    "description is the link's text.",
    "S017": "Check the folder's name; sources end in .md, .markdown, .txt, .html, .htm or .json.",
    "S101": "Check the header of the output; set speaker in the front matter if you know "
    "who spoke.",
    "S102": "Check the title in the output; import the source (publish import) and set "
    "the fields in its front matter.",
    "S103": "Check that the saved page is the speech itself, not a listing or search page.",
    "S104": "Check that the page is a speech or article you mean to publish.",
    "S105": "Nothing to do: the notice is kept so that readers know the item was withdrawn.",
    "S106": "Nothing to do: labels follow the speech's language; the page's is recorded.",
    "S201": "Keep your edits (do nothing), or run publish import --force to replace them.",
    "S202": "Import into another folder, or remove the target if it should be replaced.",
    "S203": "Report it as a bug, with the original file.",
    "S900": "Report it as a bug, with the source file; the other sources were built.",
    "M001": "Give the document a title (front matter 'title:').",
    "M002": "Use only the field names listed in docs/source-format.md (check the spelling).",
    "M003": "Write the value as text (quote it if YAML reads it as a number, date or list).",
    "M004": "Write the date as YYYY-MM-DD, and keep the printed form in date_text.",
    "M005": "Use en, nb or nn (or another two-letter ISO 639-1 code).",
    "M006": "Rename one of the two files.",
    "M007": "Check the date and the government the page was published under.",
    "M008": "Correct one of them; date_text is what the page printed.",
    "T001": "Report it as a bug: a template should render every valid speech.",
    "P001": "Read the message: usually a missing font or image; check styles/fonts/.",
    "P002": "Keep images and stylesheets inside the styles folder; remote resources are "
    "never fetched.",
    "P003": "Report it as a bug, with the versions of WeasyPrint and publish.",
    "E001": "Report it as a bug, with the source file.",
    "E002": "Nothing to do: the EPUB is valid without a page list; check the body text "
    "for text the PDF shows differently.",
    "H001": "Report it as a bug, with the source file.",
    "B001": "Check the body's Markdown near the line named; report it if the text is ordinary.",
    "B002": "Look for many unmatched [ or very deep nesting in the body and simplify it.",
    "B900": "Flatten very deeply nested lists or quotations; otherwise report it as a bug, "
    "with the source file.",
    "K001": "Check the spelling; the known keys are listed in docs/manifest.md.",
    "K002": 'Add title = "…" at the top of the manifest.',
    "K003": "Name files relative to sources/, check their names, and fix the errors "
    "reported for them.",
    "K004": 'Loosen [select], or list speeches explicitly with items = ["file.md"].',
    "K005": "Write the value as docs/manifest.md shows (text in quotes, lists in brackets, "
    "dates as 2012-03-14).",
    "K006": "Save the manifest as UTF-8 and check quotes and brackets on the line named.",
    "U001": "Choose from pdf, epub, html, comma-separated.",
    "U002": "Set it to a Unix timestamp, e.g. $(git log -1 --format=%ct), or unset it.",
    "U003": "Choose from accessible, press, comma-separated.",
    "U004": "Build first (publish build), or name output files or folders that exist.",
    "U005": "Give --scheduler ADDRESS of a running Dask scheduler (and install "
    "'distributed'), or use the default local executor.",
    "U006": "Correct the key or value on the line named; the keys and their types are "
    "listed in docs/configuration.md.",
    "U007": "Choose another name with --name, or replace the file with --force.",
    "U008": "Choose another port with --port, or --port 0 for any free one.",
    "U010": "Wait for the other build to finish, or build into another folder with --out.",
    "X000": "Report it as a bug, with the command and its output under --debug.",
    "C001": "Rebuild every format of the source in one run (publish build without --format).",
    "C002": "Rebuild every format of the source in one run; check the lang field.",
    "C003": "Rebuild every format of the source in one run.",
    "C004": "Rebuild every format of the source in one run.",
    "C005": "Rebuild every format of the source in one run.",
    "C006": "Report it as a bug, with the source file: the PDF tags must follow the HTML.",
    "C007": "Report it as a bug: running headers and page numbers must be artifacts.",
    "C008": "Report it as a bug: every image publish makes has a text alternative.",
    "C009": "Check that the file is a complete output of publish build; rebuild it.",
}

#: The severity of each code that always has the same one (others depend on the case).
SEVERITIES: dict[str, str] = {
    **{code: "error" for code in CODES},
    "S010": "info",
    "S101": "info",
    "S102": "warning",
    "S103": "warning",
    "S104": "info",
    "S105": "info",
    "S106": "info",
    "S013": "warning",
    "S016": "warning",
    "S017": "warning",
    "M007": "warning",
    "M008": "warning",
    "P001": "warning",
    "P002": "warning",
    "E002": "warning",
}


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in one place."""

    code: str
    severity: Severity
    message: str
    path: Path | None = None
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.severity.value}: {self.code} {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": str(self.path) if self.path else None,
            "line": self.line,
            "hint": self.hint,
        }
