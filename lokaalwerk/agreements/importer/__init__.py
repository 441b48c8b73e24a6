"""Importing a cooperation agreement from the council's text or PDF.

``read_source`` turns the uploaded bytes into text, ``parse_agreement`` turns the text into a
plain structure; both raise ``AgreementImportError`` with a one-line reason for the user.
"""

from .parser import parse_agreement
from .text import AgreementImportError, normalise_text, read_source

__all__ = ["AgreementImportError", "normalise_text", "parse_agreement", "read_source"]
