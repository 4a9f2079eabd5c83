"""Extraction: bytes in, a recognised document with its answers and their provenance out.

The only package that imports pdfplumber and python-docx.
"""
