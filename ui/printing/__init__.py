"""Printing slips: rendering PDFs on white into printers, preview, printer choice, queue."""
