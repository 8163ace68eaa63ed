"""Queries and writes, one module per aggregate; services call these instead of building SQL."""
