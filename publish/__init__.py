"""publish: accessible PDF, EPUB 3 and HTML from government-archive speeches."""

__version__ = "0.1.0"
