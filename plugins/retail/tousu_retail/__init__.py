"""Retail (零售): the major-complaint procedure as a tousu domain plugin."""
