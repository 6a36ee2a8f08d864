"""Reads of partnerships, one module per seam: partnerships, deliveries, waiting."""
